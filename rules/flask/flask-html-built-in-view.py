from flask import Blueprint, Flask, jsonify, make_response, render_template
from flask import request as req
from markupsafe import escape

app = Flask(__name__)
bp = Blueprint("search", __name__)


@app.route("/hello")
def hello():
    name = req.args.get("name", "world")
    # ruleid: flask-html-built-in-view
    return f"<h1>Hello, {name}!</h1>"


@bp.route("/search")
def search():
    q = req.args.get("q", "")
    # ruleid: flask-html-built-in-view
    return "<p>No results for <b>%s</b></p>" % q, 404


@app.route("/user/<username>")
def profile(username):
    # ruleid: flask-html-built-in-view
    resp = make_response(
        "<div class='profile'>" + username + "</div>",
        200,
    )
    resp.headers["X-Frame-Options"] = "DENY"
    return resp


@app.post("/comments")
def comments():
    html = "<ul>"
    for c in req.form.getlist("comment"):
        html += "<li>{}</li>".format(c)
    html += "</ul>"
    # ruleid: flask-html-built-in-view
    return html


@app.route("/safe/hello")
def safe_hello():
    name = req.args.get("name", "world")
    # ok: flask-html-built-in-view
    return f"<h1>Hello, {escape(name)}!</h1>"


@app.route("/safe/template")
def safe_template():
    # ok: flask-html-built-in-view
    return render_template("search.html", q=req.args.get("q", ""))


@app.route("/safe/plain")
def safe_plain():
    # ok: flask-html-built-in-view
    return "Hello %s" % req.args.get("name", "world")


@app.route("/safe/static")
def safe_static():
    # ok: flask-html-built-in-view
    return "<h1>" + "Maintenance" + "</h1>"


@app.route("/api/echo")
def api_echo():
    # ok: flask-html-built-in-view
    return jsonify(message="<b>%s</b>" % req.args.get("m", ""))


@app.route("/safe/flash")
def safe_flash():
    notice = "<b>%s</b> was saved" % req.args.get("title", "")
    # ok: flask-html-built-in-view
    return render_template("saved.html", notice=notice)


@app.route("/safe/context")
def safe_context():
    # ok: flask-html-built-in-view
    return render_template("saved.html", notice="<b>{}</b>".format(req.args["t"]))


def not_a_view(name):
    # ok: flask-html-built-in-view
    return f"<td>{name}</td>"
