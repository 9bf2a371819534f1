import flask
from flask import Flask, render_template as render, request

app = Flask(__name__)


@app.route("/profile/<int:uid>")
def profile(uid):
    # ruleid: flask-render-template-non-html
    return render("profile.j2", bio=request.args.get("bio", ""))


@app.route("/notes")
def notes():
    # ruleid: flask-render-template-non-html
    return flask.render_template("notes.txt", notes=request.args.getlist("n"))


@app.route("/card")
def card():
    # ruleid: flask-render-template-non-html
    return render(
        "widgets/card.jinja2",
        title=request.args["title"],
    )


@app.route("/kw")
def kw():
    # ruleid: flask-render-template-non-html
    return render(user=request.args["u"], template_name_or_list="kw.tpl")


@app.route("/home")
def home():
    # ok: flask-render-template-non-html
    return render("home.html", user=request.args.get("u"))


@app.route("/feed.xml")
def feed():
    # ok: flask-render-template-non-html
    return render("feed.xml", items=[])


@app.route("/legacy")
def legacy():
    # ok: flask-render-template-non-html
    return flask.render_template("legacy/index.HTM")


@app.route("/export.txt")
def export_txt():
    # ruleid: flask-render-template-non-html
    body = render("export.txt", rows=request.args.getlist("row"))
    return flask.make_response(body)


@app.route("/entry.json")
def entry_json():
    # ok: flask-render-template-non-html
    js = render("json.txt", entry=request.args.get("id"))
    response = flask.make_response(js)
    response.headers["Content-Type"] = "application/json; charset=utf-8"
    return response


@app.post("/reset")
def reset():
    # ok: flask-render-template-non-html
    text_body = render("email/reset.txt", token=request.form["email"])
    send_mail(request.form["email"], text_body)
    return render("reset_sent.html")


def send_mail(to, body):
    pass
