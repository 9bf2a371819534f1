import jwt
from flask import Flask, abort, g, jsonify, request
from jose import jwt as jose_jwt

app = Flask(__name__)
app.config["JWT_SECRET"] = "change-me"


def bearer_token():
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        abort(401)
    return header[len("Bearer "):]


@app.route("/api/me")
def me():
    # ruleid: flask-jwt-signature-not-verified
    claims = jwt.decode(bearer_token(), options={"verify_signature": False})
    return jsonify(user=claims["sub"])


@app.route("/api/legacy")
def legacy():
    # ruleid: flask-jwt-signature-not-verified
    claims = jwt.decode(bearer_token(), app.config["JWT_SECRET"], verify=False)
    return jsonify(user=claims["sub"])


@app.route("/api/admin")
def admin():
    claims = jwt.decode(
        bearer_token(),
        app.config["JWT_SECRET"],
        # ruleid: flask-jwt-signature-not-verified
        algorithms=["HS256", "none"],
    )
    if not claims.get("admin"):
        abort(403)
    return jsonify(ok=True)


@app.before_request
def load_user():
    token = request.cookies.get("session_jwt")
    if token:
        # ruleid: flask-jwt-signature-not-verified
        g.claims = jose_jwt.decode(token, "", options={"verify_signature": False, "verify_exp": True})


@app.route("/api/profile")
def profile():
    # ok: flask-jwt-signature-not-verified
    claims = jwt.decode(bearer_token(), app.config["JWT_SECRET"], algorithms=["HS256"])
    return jsonify(user=claims["sub"])


@app.route("/api/expired-ok")
def expired_ok():
    # ok: flask-jwt-signature-not-verified
    claims = jwt.decode(bearer_token(), app.config["JWT_SECRET"], algorithms=["HS256"], options={"verify_exp": False})
    return jsonify(user=claims["sub"])


@app.route("/api/kid")
def kid():
    # ok: flask-jwt-signature-not-verified
    header = jwt.get_unverified_header(bearer_token())
    return jsonify(kid=header.get("kid"))
