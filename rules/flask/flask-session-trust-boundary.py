import re

from flask import Flask, abort, jsonify, redirect, request, session, url_for

app = Flask(__name__)
LANGUAGES = {"en", "de", "fr"}


@app.post("/impersonate")
def impersonate():
    # ruleid: flask-session-trust-boundary
    session["user_id"] = request.form["user_id"]
    return redirect(url_for("index"))


@app.route("/prefs")
def prefs():
    theme = request.args.get("theme", "light")
    # ruleid: flask-session-trust-boundary
    session.update(theme=theme)
    return jsonify(ok=True)


@app.route("/cart/<item>")
def add_to_cart(item):
    cart = session.get("cart", [])
    cart.append(item)
    # ruleid: flask-session-trust-boundary
    session["cart"] = cart
    return jsonify(size=len(cart))


@app.post("/role")
def role():
    data = request.get_json()
    # ruleid: flask-session-trust-boundary
    session.setdefault("role", data.get("role", "viewer"))
    return jsonify(ok=True)


@app.route("/lang")
def lang():
    choice = request.args.get("lang", "en")
    if choice not in LANGUAGES:
        abort(400)
    # ok: flask-session-trust-boundary
    session["lang"] = choice
    return jsonify(ok=True)


@app.route("/page-size")
def page_size():
    # ok: flask-session-trust-boundary
    session["per_page"] = request.args.get("n", 20, type=int)
    return jsonify(ok=True)


@app.post("/login")
def login():
    user = User.query.filter_by(email=request.form["email"]).first()
    if user is None or not user.check_password(request.form["password"]):
        abort(401)
    # ok: flask-session-trust-boundary
    session["user_id"] = user.id
    return redirect(url_for("index"))


@app.route("/zip")
def zip_code():
    code = request.args.get("zip", "")
    if not re.fullmatch(r"\d{5}", code):
        abort(400)
    # ok: flask-session-trust-boundary
    session["zip"] = code
    return jsonify(ok=True)


@app.post("/signin")
def signin():
    method = request.form.get("auth_method", "LOCAL")
    # ok: flask-session-trust-boundary
    session["auth_type"] = "LDAP" if method != "LOCAL" else "LOCAL"
    # ok: flask-session-trust-boundary
    session["remember"] = "remember" in request.form
    # ruleid: flask-session-trust-boundary
    session["auth_method"] = method
    return redirect(url_for("index"))


class User:
    query = None
