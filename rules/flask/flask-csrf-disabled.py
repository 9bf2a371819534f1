import os

from flask import Flask, request
from flask_wtf import FlaskForm
from wtforms import StringField

app = Flask(__name__)

# ruleid: flask-csrf-disabled
app.config["WTF_CSRF_ENABLED"] = False


def configure(application):
    application.config.update(
        SECRET_KEY=os.environ["SECRET_KEY"],
        # ruleid: flask-csrf-disabled
        WTF_CSRF_ENABLED=False,
    )


class ProductionConfig:
    SECRET_KEY = os.environ.get("SECRET_KEY")
    # ruleid: flask-csrf-disabled
    WTF_CSRF_ENABLED = False


class CommentForm(FlaskForm):
    body = StringField("body")

    class Meta:
        # ruleid: flask-csrf-disabled
        csrf = False


def build_search_form():
    # ruleid: flask-csrf-disabled
    return CommentForm(meta={"csrf": False, "locales": ["en"]})


class TestingConfig(ProductionConfig):
    TESTING = True
    # ok: flask-csrf-disabled
    WTF_CSRF_ENABLED = False


def test_post_comment():
    # ok: flask-csrf-disabled
    app.config["WTF_CSRF_ENABLED"] = False
    client = app.test_client()
    assert client.post("/comments", data={"body": "hi"}).status_code == 201


# ok: flask-csrf-disabled
app.config["WTF_CSRF_TIME_LIMIT"] = None
# ok: flask-csrf-disabled
app.config.update(WTF_CSRF_ENABLED=True)


def configure_lazy_checks(app):
    # ruleid: flask-csrf-disabled
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False
    # ok: flask-csrf-disabled
    app.config["WTF_CSRF_CHECK_DEFAULT"] = True


def init_csrf(app, csrf):
    # ok: flask-csrf-disabled
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False

    @app.before_request
    def check_csrf():
        if request.blueprint != "api":
            csrf.protect()
