from flask import Blueprint, Flask, abort, g, jsonify, render_template, session
from flask_jwt_extended import jwt_required
from flask_login import current_user, login_required
from flask_sqlalchemy import SQLAlchemy

app = Flask(__name__)
db = SQLAlchemy(app)
api = Blueprint("api", __name__)


class Invoice(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    owner_id = db.Column(db.Integer)


class Message(db.Model):
    id = db.Column(db.Integer, primary_key=True)


@app.route("/invoice/<int:id>")
def invoice(id):
    # ruleid: flask-unauthenticated-object-access
    inv = Invoice.query.get_or_404(id)
    return render_template("invoice.html", invoice=inv)


@api.get("/messages/<int:message_id>")
def message(message_id):
    # ruleid: flask-unauthenticated-object-access
    msg = db.get_or_404(Message, message_id)
    return jsonify(id=msg.id)


@api.route("/messages/<int:message_id>", methods=["DELETE"])
def delete_message(message_id):
    # ruleid: flask-unauthenticated-object-access
    msg = Message.query.filter_by(id=message_id).first_or_404()
    db.session.delete(msg)
    db.session.commit()
    return "", 204


@app.route("/legacy/invoice/<int:pk>")
def legacy_invoice(pk):
    # ruleid: flask-unauthenticated-object-access
    return jsonify(id=db.session.get(Invoice, pk).id)


@app.route("/mine/invoice/<int:id>")
@login_required
def my_invoice(id):
    # ok: flask-unauthenticated-object-access
    inv = Invoice.query.filter_by(id=id, owner_id=current_user.id).first_or_404()
    return render_template("invoice.html", invoice=inv)


@api.get("/token/messages/<int:message_id>")
@jwt_required()
def token_message(message_id):
    # ok: flask-unauthenticated-object-access
    msg = Message.query.get_or_404(message_id)
    return jsonify(id=msg.id)


@app.route("/checked/invoice/<int:id>")
def checked_invoice(id):
    # ok: flask-unauthenticated-object-access
    inv = Invoice.query.get_or_404(id)
    if inv.owner_id != session.get("user_id"):
        abort(403)
    return render_template("invoice.html", invoice=inv)


@app.route("/tutorial/post/<int:id>")
def tutorial_post(id):
    if g.user is None:
        abort(401)
    # ok: flask-unauthenticated-object-access
    return jsonify(id=Invoice.query.get(id).id)
