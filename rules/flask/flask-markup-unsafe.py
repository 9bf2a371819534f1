from flask import Flask, render_template, request as rq
import bleach
import html as htmllib
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
    badge = Markup(
        # ruleid: flask-markup-unsafe
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


@app.route("/list")
def item_list():
    items = []
    for entry in rq.args.getlist("item"):
        items.append("<li>" + entry + "</li>")
    body = "<ul>%s</ul>" % "".join(items)
    # ruleid: flask-markup-unsafe
    return render_template("list.html", body=ms.Markup(body))


@app.errorhandler(404)
def not_found(e):
    if rq.path.startswith("/api/"):
        detail = "<code>{}</code>".format(rq.path)
    else:
        detail = "<p>Page not found</p>"
    parts = {"detail": detail}
    # ruleid: flask-markup-unsafe
    return render_template("404.html", detail=Markup(parts["detail"])), 404


@app.route("/safe/profile/<user_id>")
def safe_profile(user_id):
    uid = int(user_id)
    # ok: flask-markup-unsafe
    link = Markup(f"<a href='/users/{uid}'>profile</a>")
    name = htmllib.escape(rq.args.get("name", ""))
    # ok: flask-markup-unsafe
    title = Markup("<h1>" + name + "</h1>")
    about = rq.args.get("about", "")
    about = "<p>No description</p>"
    # ok: flask-markup-unsafe
    desc = Markup(about)
    return render_template("profile.html", link=link, title=title, desc=desc)


@app.route("/safe/user/<int:user_id>")
def safe_user(user_id):
    user = User.query.get_or_404(user_id)
    page = rq.args.get("page", 1, type=int)
    # ok: flask-markup-unsafe
    return render_template("user.html", head=Markup(f"<h1>{user.id}</h1><p>page {page}</p>"))


@app.post("/safe/comment")
def safe_comment():
    # ok: flask-markup-unsafe
    text = Markup(rq.form["comment"]).unescape()
    # ok: flask-markup-unsafe
    plain = Markup(rq.form["title"]).striptags()
    return render_template("comment.html", text=text, plain=plain)


class User:
    query = None
