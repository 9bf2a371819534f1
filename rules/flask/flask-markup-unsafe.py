from flask import Flask, render_template, request as rq
import bleach
from markupsafe import Markup, escape
import markupsafe as ms

app = Flask(__name__)


@app.route("/hello")
def hello():
    # ruleid: flask-markup-unsafe
    greeting = Markup(f"<b>Hello {rq.args.get('name', 'guest')}</b>")
    return render_template("hello.html", greeting=greeting)


@app.route("/bio")
def bio():
    # ruleid: flask-markup-unsafe
    return render_template("bio.html", bio=Markup(rq.form["bio"]))


@app.route("/notice")
def notice():
    html = "<div class='notice'>%s</div>" % rq.args["msg"]
    # ruleid: flask-markup-unsafe
    return render_template("page.html", notice=ms.Markup(html))


@app.route("/tag/<label>")
def tag(label):
    # ruleid: flask-markup-unsafe
    badge = Markup(
        "<span class='tag'>{}</span>".format(label)
    )
    return render_template("tag.html", badge=badge)


@app.route("/safe/hello")
def safe_hello():
    # ok: flask-markup-unsafe
    greeting = Markup("<b>Hello {}</b>").format(rq.args.get("name", "guest"))
    return render_template("hello.html", greeting=greeting)


@app.route("/safe/notice")
def safe_notice():
    # ok: flask-markup-unsafe
    notice = Markup("<div class='notice'>%s</div>") % rq.args["msg"]
    # ok: flask-markup-unsafe
    icon = Markup("<i class='icon-ok'></i>")
    # ok: flask-markup-unsafe
    text = escape(rq.args["msg"])
    return render_template("page.html", notice=notice, icon=icon, text=text)


@app.route("/safe/bio")
def safe_bio():
    # ok: flask-markup-unsafe
    return render_template("bio.html", bio=Markup(bleach.clean(rq.form["bio"])))
