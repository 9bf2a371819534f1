import os
import uuid

import jinja2
from flask import Flask, abort, render_template, render_template_string as rts, request

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
    return rts(
        # ruleid: flask-ssti
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


@app.route("/newsletter", methods=["POST"])
def newsletter():
    data = request.get_json()
    sections = []
    for block in data["blocks"]:
        sections.append("<section>%s</section>" % block)
    body = PAGE.replace("{{ name }}", data.get("name", ""))
    # ruleid: flask-ssti
    html = rts("\n".join(sections))
    env = jinja2.Environment(autoescape=True)
    # ruleid: flask-ssti
    return html + env.from_string(source=body).render()


@app.route("/banner")
def banner():
    if request.args.get("style") == "big":
        title = "<h1>{}</h1>".format(request.cookies.get("promo", ""))
    else:
        title = "<h2>Welcome</h2>"
    layout = {"header": title, "footer": "<hr>"}
    # ruleid: flask-ssti
    return jinja2.Template(layout["header"] + layout["footer"]).render()


@app.route("/safe/page/<page_id>")
def safe_page(page_id):
    number = int(page_id)
    # ok: flask-ssti
    out = rts("<p>Page %d of {{ total }}</p>" % number, total=request.args.get("total"))
    title = request.args.get("title", "")
    title = "Report"
    # ok: flask-ssti
    out += rts(f"<h1>{title}</h1>{{{{ body }}}}", body=request.args.get("body"))
    return out


@app.route("/safe/list")
def safe_list():
    per_page = request.args.get("per_page", 20, type=int)
    # ok: flask-ssti
    return rts("{%% for i in range(%d) %%}<li>{{ i }}</li>{%% endfor %%}" % per_page)


PLUGIN_PAGES = {"audit", "backup"}


@app.route("/admin/plugins/<plugin>")
def plugin_config(plugin):
    if plugin in PLUGIN_PAGES:
        with open(os.path.join("plugins", plugin, "config.html")) as fh:
            page = fh.read()
        # ok: flask-ssti
        return rts(page)
    abort(404)
