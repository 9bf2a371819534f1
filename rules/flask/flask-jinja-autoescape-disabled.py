import jinja2
from flask import Flask
from jinja2 import Environment as Env, FileSystemLoader, select_autoescape

app = Flask(__name__)

# ruleid: flask-jinja-autoescape-disabled
app.jinja_env.autoescape = False

# ruleid: flask-jinja-autoescape-disabled
app.jinja_options = {"extensions": ["jinja2.ext.do"], "autoescape": False}

mail_env = Env(
    loader=FileSystemLoader("templates/mail"),
    # ruleid: flask-jinja-autoescape-disabled
    autoescape=False,
    trim_blocks=True,
)


def widget(src, **ctx):
    # ruleid: flask-jinja-autoescape-disabled
    return jinja2.Template(src, autoescape=False).render(**ctx)


# ok: flask-jinja-autoescape-disabled
safe_env = Env(loader=FileSystemLoader("templates"), autoescape=select_autoescape())

# ok: flask-jinja-autoescape-disabled
strict_env = jinja2.Environment(autoescape=True, loader=FileSystemLoader("t"))

# ok: flask-jinja-autoescape-disabled
app.jinja_env.autoescape = True

# ok: flask-jinja-autoescape-disabled
app.jinja_env.trim_blocks = False
