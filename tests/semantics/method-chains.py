from flask import request
from sqlalchemy import text

from .models import User, db


def search():
    name = request.args.get("name", "")
    # ruleid: raw-sql-in-query-chain
    rows = db.session.query(User).filter(text(f"name = '{name}'")).all()
    # ruleid: raw-sql-in-query-chain
    rows = db.session.query(User).order_by(User.id).filter(text("name = '" + name + "'")).first()
    # ok: raw-sql-in-query-chain
    rows = db.session.query(User).filter(User.name == name).all()
    # ok: raw-sql-in-query-chain
    rows = db.session.query(User).filter(text("name = :n")).params(n=name).all()
    return rows


def listing():
    # ruleid: unbounded-query
    everyone = User.query.all()
    # ruleid: unbounded-query
    admins = User.query.filter_by(admin=True).order_by(User.id).all()
    # ok: unbounded-query
    page = User.query.order_by(User.id).limit(50).all()
    # ok: unbounded-query
    first = User.query.filter_by(admin=True).first()
    return everyone, admins, page, first
