from flask import Flask, make_response, request as req, jsonify

app = Flask(__name__)


@app.route("/login", methods=["POST"])
def login():
    resp = make_response(jsonify(ok=True))
    # ruleid: flask-set-cookie-missing-secure
    resp.set_cookie("session_id", req.form["sid"])
    return resp


@app.route("/prefs")
def prefs():
    resp = make_response("saved")
    # ruleid: flask-set-cookie-missing-secure
    resp.set_cookie("theme", "dark", httponly=True, samesite="Lax", secure=False)
    return resp


@app.route("/remember")
def remember():
    response = make_response("ok")
    # ruleid: flask-set-cookie-missing-secure
    response.set_cookie(
        "remember_token",
        value=req.args.get("t", ""),
        max_age=3600 * 24 * 30,
        httponly=True,
        samesite="Strict",
    )
    return response


@app.route("/secure")
def secure_cookie():
    resp = make_response("ok")
    # ok: flask-set-cookie-missing-secure
    resp.set_cookie("session_id", "abc", httponly=True, secure=True, samesite="Lax")
    return resp


@app.route("/secure-split")
def secure_split():
    resp = make_response("ok")
    # ok: flask-set-cookie-missing-secure
    resp.set_cookie(
        "session_id",
        "abc",
        samesite="Lax",
        secure=True,
    )
    return resp


COOKIE_OPTS = {"secure": True, "httponly": True, "samesite": "Lax"}


@app.route("/opts")
def opts():
    resp = make_response("ok")
    # ok: flask-set-cookie-missing-secure
    resp.set_cookie("sid", "abc", **COOKIE_OPTS)
    # ok: flask-set-cookie-missing-secure
    resp.set_cookie("sid2", "abc", secure=app.config["SESSION_COOKIE_SECURE"])
    return resp
