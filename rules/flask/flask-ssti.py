import jinja2
from flask import Flask, render_template, render_template_string as rts, request

app = Flask(__name__)

PAGE = "<h1>Hello {{ name }}</h1>"


@app.errorhandler(404)
def not_found(e):
    template = """
    <h1>Page not found</h1>
    <p>%s was not found on this server.</p>
    """ % request.url
    # ruleid: flask-ssti
    return rts(template), 404


@app.route("/hello")
def hello():
    # ruleid: flask-ssti
    return rts("<h1>Hello " + request.args.get("name", "guest") + "</h1>")


@app.route("/greet")
def greet():
    # ruleid: flask-ssti
    return rts(
        f"<p>Welcome back, {request.args['user']}!</p>",
        title="home",
    )


@app.route("/preview", methods=["POST"])
def preview():
    body = request.form["body"]
    # ruleid: flask-ssti
    tpl = app.jinja_env.from_string(body)
    return tpl.render()


@app.route("/card/<title>")
def card(title):
    # ruleid: flask-ssti
    return jinja2.Template("<div class='card'>{}</div>".format(title)).render()


@app.route("/safe/hello")
def safe_hello():
    # ok: flask-ssti
    return rts(PAGE, name=request.args.get("name", "guest"))


@app.route("/safe/inline")
def safe_inline():
    # ok: flask-ssti
    return rts("<h1>Hello {{ name }}</h1>", name=request.args["name"])


@app.route("/safe/file")
def safe_file():
    # ok: flask-ssti
    return render_template("hello.html", name=request.args.get("name"))


@app.route("/safe/compiled")
def safe_compiled():
    # ok: flask-ssti
    return jinja2.Template(PAGE).render(request.args)
