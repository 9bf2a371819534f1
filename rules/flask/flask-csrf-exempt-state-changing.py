from flask import Blueprint, Flask, jsonify, request
from flask_login import current_user, login_required
from flask_wtf.csrf import CSRFProtect

from .auth import api_basic_auth

app = Flask(__name__)
csrf = CSRFProtect(app)
account = Blueprint("account", __name__)
api_bp = Blueprint("api", __name__)


# ruleid: flask-csrf-exempt-state-changing
@app.route("/transfer", methods=["POST"])
@csrf.exempt
@login_required
def transfer():
    current_user.transfer(request.form["to"], request.form["amount"])
    return jsonify(ok=True)


# ruleid: flask-csrf-exempt-state-changing
@csrf.exempt
@account.route(
    "/email",
    methods=["GET", "PUT"],
)
def change_email():
    current_user.email = request.form["email"]
    return jsonify(ok=True)


# ruleid: flask-csrf-exempt-state-changing
@account.delete("/me")
@csrf.exempt
def delete_me():
    current_user.delete()
    return "", 204


# ruleid: flask-csrf-exempt-state-changing
@app.route("/settings", endpoint="settings", methods=("post",))
@csrf.exempt
def settings():
    return jsonify(ok=True)


# ok: flask-csrf-exempt-state-changing
@app.route("/status")
@csrf.exempt
def status():
    return jsonify(up=True)


# ok: flask-csrf-exempt-state-changing
@app.route("/profile", methods=["POST"])
@login_required
def profile():
    return jsonify(ok=True)


# ok: flask-csrf-exempt-state-changing
@app.get("/feed")
@csrf.exempt
def feed():
    return jsonify([])


# ok: flask-csrf-exempt-state-changing
@api_bp.route("/zones", methods=["POST"])
@csrf.exempt
def create_zone():
    return jsonify(ok=True), 201


# ok: flask-csrf-exempt-state-changing
@app.post("/hooks/stripe/webhook")
@csrf.exempt
def stripe_webhook():
    return "", 204


# ok: flask-csrf-exempt-state-changing
@account.route("/keys/<int:key_id>", methods=["DELETE"])
@api_basic_auth
@csrf.exempt
def delete_key(key_id):
    return "", 204


# ok: flask-csrf-exempt-state-changing
@csrf.exempt
@app.route("/saml/authorized", methods=["GET", "POST"])
def saml_authorized():
    return jsonify(ok=True)


# ok: flask-csrf-exempt-state-changing
@app.route("/nic/update", methods=["GET", "POST"])
@csrf.exempt
def dyndns_update():
    return "good 203.0.113.7"
