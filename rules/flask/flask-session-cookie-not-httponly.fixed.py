from flask import Flask as F

application = F(__name__)


def setup(app):
    # ruleid: flask-session-cookie-not-httponly
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    # ruleid: flask-session-cookie-not-httponly
    app.config.update(SESSION_COOKIE_SECURE=True, REMEMBER_COOKIE_HTTPONLY=True)


def setup_split():
    application.config.from_mapping(
        SECRET_KEY=open("/run/secrets/key").read(),
        # ruleid: flask-session-cookie-not-httponly
        SESSION_COOKIE_HTTPONLY=True,
    )


def setup_dict():
    # ruleid: flask-session-cookie-not-httponly
    application.config.update({"SESSION_COOKIE_HTTPONLY": True})


class BaseConfig(object):
    # ruleid: flask-session-cookie-not-httponly
    SESSION_COOKIE_HTTPONLY = True


class TestConfig(BaseConfig):
    # ok: flask-session-cookie-not-httponly
    SESSION_COOKIE_HTTPONLY = False


def good(app):
    # ok: flask-session-cookie-not-httponly
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    # ok: flask-session-cookie-not-httponly
    app.config.update(SESSION_COOKIE_SECURE=False, SESSION_COOKIE_HTTPONLY=True)
    # ok: flask-session-cookie-not-httponly
    app.config["SESSION_REFRESH_EACH_REQUEST"] = False
