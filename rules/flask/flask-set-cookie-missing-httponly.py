import flask
from flask import Flask, make_response, redirect, url_for

app = Flask(__name__)


@app.route("/auth/callback")
def callback():
    token = flask.request.args["code"]
    resp = redirect(url_for("home"))
    # ruleid: flask-set-cookie-missing-httponly
    resp.set_cookie("auth", token, secure=True, samesite="Lax")
    return resp


@app.route("/lang/<code>")
def set_lang(code):
    r = make_response("")
    # ruleid: flask-set-cookie-missing-httponly
    r.set_cookie("lang", code, httponly=False, secure=True)
    return r


@app.route("/track")
def track():
    out = flask.make_response("")
    # ruleid: flask-set-cookie-missing-httponly
    out.set_cookie(
        key="visitor",
        value="1",
        secure=True,
        samesite="Lax",
    )
    return out


@app.route("/ok")
def ok():
    r = make_response("")
    # ok: flask-set-cookie-missing-httponly
    r.set_cookie("auth", "x", secure=True, httponly=True, samesite="Lax")
    # ok: flask-set-cookie-missing-httponly
    r.set_cookie(
        "auth2",
        "x",
        httponly=True,
        secure=True,
    )
    # ok: flask-set-cookie-missing-httponly
    r.delete_cookie("old")
    return r


@app.after_request
def inject_csrf_token(response):
    # ok: flask-set-cookie-missing-httponly
    response.set_cookie("XSRF-TOKEN", generate_csrf(), secure=True, samesite="Lax")
    return response


def generate_csrf():
    return "token"
