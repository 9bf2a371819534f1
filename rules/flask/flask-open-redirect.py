from urllib.parse import urlsplit

from flask import Flask, abort, make_response, redirect as go, request, url_for
from flask_login import login_user
from werkzeug.utils import redirect as wz_redirect

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
    return go(
        # ruleid: flask-open-redirect
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


def url_has_allowed_host_and_scheme(url, allowed_hosts):
    parts = urlsplit(url)
    return parts.scheme in ("", "https") and (not parts.netloc or parts.netloc in allowed_hosts)


@app.route("/logout")
def logout():
    target = request.cookies.get("after_logout")
    if target is None:
        target = request.args.get("then", "/")
    # ruleid: flask-open-redirect
    return go(location=target)


@app.route("/lang/<code>")
def set_language(code):
    back = request.args.get("back", "")
    # ruleid: flask-open-redirect
    resp = make_response(wz_redirect(back + "?lang=" + code))
    resp.set_cookie("lang", code)
    # ruleid: flask-open-redirect
    return go(f"{request.args['back']}#top")


@app.route("/oauth/callback")
def oauth_callback():
    state = {"return": request.args["state"], "ts": 0}
    # ruleid: flask-open-redirect
    return go("%s?ok=1" % state["return"])


@app.route("/safe/docs/<page>")
def safe_docs(page):
    # ok: flask-open-redirect
    return go("https://docs.example.com/" + page)


@app.route("/safe/item/<item_id>")
def safe_item(item_id):
    # ok: flask-open-redirect
    return go("/items/%d" % int(item_id))


@app.route("/safe/reset")
def safe_reset():
    target = request.args.get("next")
    target = url_for("dashboard")
    # ok: flask-open-redirect
    return go(target, code=302)


@app.route("/back")
def back():
    # ruleid: flask-open-redirect
    return go(request.referrer or url_for("index"))


@app.route("/continue/checked")
def continue_checked():
    target = request.args.get("to", "")
    if is_safe_url(target):
        # ok: flask-open-redirect
        return go(target)
    # ruleid: flask-open-redirect
    return go(request.args.get("fallback", "/"))


@app.route("/safe/page")
def safe_page():
    page = request.args.get("page", 1, type=int)
    # ok: flask-open-redirect
    return go("/list/" + str(page))


@app.route("/safe/next")
def safe_next():
    nxt = request.args.get("next", "/")
    if not url_has_allowed_host_and_scheme(url=nxt, allowed_hosts={"example.com"}):
        abort(400)
    # ok: flask-open-redirect
    return go(nxt)


COVER_HOST = "https://cdn.example.com/covers"


@app.route("/cover/<book_uuid>")
def cover(book_uuid):
    # ok: flask-open-redirect
    return go(COVER_HOST + "/{}/full.jpg".format(book_uuid))


@app.route("/login/done")
def login_done():
    # ok: flask-open-redirect
    return go(get_redirect_target(request.args.get("next")))


@app.route("/login/local")
def login_local():
    next_page = request.args.get("next", "")
    if not next_page.startswith("/") or next_page[1:2] in ("/", "\\"):
        next_page = url_for("index")
    # ok: flask-open-redirect
    return go(next_page)


@app.route("/login/prefix")
def login_prefix():
    next_page = request.args.get("next", "")
    if not next_page.startswith("/"):
        next_page = url_for("index")
    # ruleid: flask-open-redirect
    return go(next_page)


@app.route("/login/base")
def login_base():
    # ruleid: flask-open-redirect
    return go(COVER_HOST + request.args["path"])


def get_redirect_target(target):
    return target if is_safe_url(target) else url_for("index")
