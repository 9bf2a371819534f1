from urllib.parse import urlsplit

from flask import Flask, abort, redirect as go, request, url_for
from flask_login import login_user

app = Flask(__name__)


def is_safe_url(target):
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc and not target.startswith("//")


@app.route("/out")
def outbound():
    # ruleid: flask-open-redirect
    return go(request.args.get("url"))


@app.route("/login", methods=["POST"])
def login():
    login_user(lookup(request.form["user"]))
    next_page = request.args.get("next")
    # ruleid: flask-open-redirect
    return go(next_page or url_for("dashboard"))


@app.route("/continue", methods=["POST"])
def cont():
    # ruleid: flask-open-redirect
    return go(
        request.form["return_to"],
        code=303,
    )


@app.route("/r/<path:target>")
def short_link(target):
    # ruleid: flask-open-redirect
    return go("https://" + target)


@app.route("/safe/home")
def safe_home():
    # ok: flask-open-redirect
    return go(url_for("dashboard", tab=request.args.get("tab")))


@app.route("/safe/login", methods=["POST"])
def safe_login():
    login_user(lookup(request.form["user"]))
    next_page = request.args.get("next")
    if not next_page or not is_safe_url(next_page):
        next_page = url_for("dashboard")
    # ok: flask-open-redirect
    return go(next_page)


@app.route("/safe/https")
def force_https():
    # ok: flask-open-redirect
    return go(request.url.replace("http://", "https://", 1), code=301)


@app.route("/safe/checked")
def checked():
    target = request.args.get("to", "/")
    if urlsplit(target).netloc:
        abort(400)
    # ok: flask-open-redirect
    return go(target)


def lookup(name):
    return name
