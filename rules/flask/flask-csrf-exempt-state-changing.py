from flask import Blueprint, Flask, jsonify, request
from flask_login import current_user, login_required
from flask_wtf.csrf import CSRFProtect

app = Flask(__name__)
csrf = CSRFProtect(app)
account = Blueprint("account", __name__)


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
