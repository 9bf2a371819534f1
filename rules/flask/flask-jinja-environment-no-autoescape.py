import jinja2
from jinja2 import Environment, FileSystemLoader, PackageLoader
from jinja2.sandbox import SandboxedEnvironment

# ruleid: flask-jinja-environment-no-autoescape
mail_env = Environment(loader=PackageLoader("shop", "templates/mail"))

# ruleid: flask-jinja-environment-no-autoescape
widget_env = jinja2.Environment()


def build_env(path):
    # ruleid: flask-jinja-environment-no-autoescape
    return SandboxedEnvironment(
        loader=FileSystemLoader(path),
        trim_blocks=True,
        lstrip_blocks=True,
    )


# ok: flask-jinja-environment-no-autoescape
page_env = Environment(loader=FileSystemLoader("templates"), autoescape=jinja2.select_autoescape())

# ok: flask-jinja-environment-no-autoescape
text_env = jinja2.Environment(
    loader=FileSystemLoader("templates/text"),
    autoescape=False,
)

ENV_OPTS = {"autoescape": True}
# ok: flask-jinja-environment-no-autoescape
opts_env = Environment(**ENV_OPTS)


import click


@click.command()
@click.option("--output")
def generate_config(output):
    # ok: flask-jinja-environment-no-autoescape
    env = Environment(loader=FileSystemLoader("configs"))
    with open(output, "w") as fh:
        fh.write(env.get_template("config.cfg.j2").render())
