from flask import Blueprint, Flask, abort, g, jsonify, session
from flask_login import current_user, login_required
from flask_sqlalchemy import SQLAlchemy

from .auth import admin_required, admins_only, roles_required

app = Flask(__name__)
db = SQLAlchemy(app)
api = Blueprint("api", __name__)
http = object()


class Invoice(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    owner_id = db.Column(db.Integer)


@app.route("/invoice/<int:invoice_id>")
@login_required
# ruleid: flask-object-access-without-owner-check
def invoice(invoice_id):
    inv = Invoice.query.get_or_404(invoice_id)
    return jsonify(id=inv.id)


@api.delete("/documents/<int:doc_id>")
@login_required
# ruleid: flask-object-access-without-owner-check
def delete_document(doc_id):
    doc = db.session.get(Invoice, doc_id) or abort(404)
    db.session.delete(doc)
    db.session.commit()
    return "", 204


@api.get("/public/<pk>")
# ruleid: flask-object-access-without-owner-check
def public(pk):
    return jsonify(id=db.get_or_404(Invoice, pk).id)


@app.route("/mine/<int:invoice_id>")
@login_required
# ok: flask-object-access-without-owner-check
def mine(invoice_id):
    inv = Invoice.query.filter_by(id=invoice_id, owner_id=current_user.id).first_or_404()
    return jsonify(id=inv.id)


@app.route("/checked/<int:invoice_id>")
@login_required
# ok: flask-object-access-without-owner-check
def checked(invoice_id):
    inv = Invoice.query.get_or_404(invoice_id)
    if inv.owner_id != current_user.id:
        abort(403)
    return jsonify(id=inv.id)


@app.route("/session-checked/<int:invoice_id>")
# ok: flask-object-access-without-owner-check
def session_checked(invoice_id):
    inv = Invoice.query.get(invoice_id)
    if inv is None or inv.owner_id != session.get("user_id"):
        abort(404)
    return jsonify(id=inv.id)


@app.route("/admin/invoices/<int:invoice_id>")
@admin_required
# ok: flask-object-access-without-owner-check
def admin_invoice(invoice_id):
    return jsonify(id=Invoice.query.get_or_404(invoice_id).id)


@app.route("/page/<int:page>")
# ok: flask-object-access-without-owner-check
def listing(page):
    return jsonify(items=[i.id for i in Invoice.query.paginate(page=page)])


@app.route("/admin/teams/<int:team_id>")
@admins_only
# ok: flask-object-access-without-owner-check
def team_detail(team_id):
    return jsonify(id=Invoice.query.filter_by(id=team_id).first_or_404().id)


@api.put("/accounts/<int:account_id>")
@roles_required("accountant")
# ok: flask-object-access-without-owner-check
def update_account(account_id):
    return jsonify(id=db.session.get(Invoice, account_id).id)


@app.post("/shelves/<int:shelf_id>/books")
@login_required
# ok: flask-object-access-without-owner-check
def add_to_shelf(shelf_id):
    shelf = Invoice.query.filter(Invoice.id == shelf_id).first()
    if shelf is None or not can_edit_shelf(shelf):
        abort(403)
    return "", 204


@app.post("/shelves/<int:shelf_id>/rename")
@login_required
# ruleid: flask-object-access-without-owner-check
def rename_shelf(shelf_id):
    shelf = Invoice.query.filter(Invoice.id == shelf_id).first()
    if shelf is None:
        abort(404)
    log_rename(shelf)
    return "", 204


def can_edit_shelf(shelf):
    return True


def log_rename(shelf):
    pass
