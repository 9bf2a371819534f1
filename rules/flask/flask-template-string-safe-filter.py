import jinja2
from flask import Flask, render_template_string, request

app = Flask(__name__)

PROFILE_TPL = """
<section class="profile">
  <h2>{{ user.name }}</h2>
  <div class="bio">{{ user.bio | safe }}</div>
</section>
"""

PLAIN_TPL = "<h2>{{ user.name }}</h2><div>{{ user.bio }}</div>"


@app.route("/profile")
def profile():
    user = {"name": request.args.get("name"), "bio": request.args.get("bio")}
    # ruleid: flask-template-string-safe-filter
    return render_template_string(PROFILE_TPL, user=user)


@app.route("/comment")
def comment():
    # ruleid: flask-template-string-safe-filter
    return render_template_string(
        "<p>{{ text|safe }}</p>",
        text=request.form.get("text", ""),
    )


@app.route("/raw")
def raw():
    # ruleid: flask-template-string-safe-filter
    tpl = app.jinja_env.from_string("{% autoescape false %}{{ body }}{% endautoescape %}")
    return tpl.render(body=request.args["body"])


@app.route("/plain")
def plain():
    user = {"name": request.args.get("name"), "bio": request.args.get("bio")}
    # ok: flask-template-string-safe-filter
    return render_template_string(PLAIN_TPL, user=user)


@app.route("/plain-inline")
def plain_inline():
    # ok: flask-template-string-safe-filter
    return render_template_string("<p>{{ text }}</p>", text=request.args["t"])


@app.route("/escaped")
def escaped():
    # ok: flask-template-string-safe-filter
    return jinja2.Template("{% autoescape true %}{{ x }}{% endautoescape %}").render(x=1)
