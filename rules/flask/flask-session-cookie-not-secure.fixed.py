import os

from flask import Flask

app = Flask(__name__)


def harden():
    # ruleid: flask-session-cookie-not-secure
    app.config["SESSION_COOKIE_SECURE"] = True
    # ruleid: flask-session-cookie-not-secure
    app.config["REMEMBER_COOKIE_SECURE"] = True


def harden_update():
    # ruleid: flask-session-cookie-not-secure
    app.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SECURE=True)


def harden_update_split():
    app.config.update(
        SESSION_COOKIE_SAMESITE="Lax",
        # ruleid: flask-session-cookie-not-secure
        SESSION_COOKIE_SECURE=True,
    )


def harden_update_dict():
    # ruleid: flask-session-cookie-not-secure
    app.config.update({"SESSION_COOKIE_SECURE": True, "DEBUG": False})


class ProductionConfig:
    SECRET_KEY = os.environ.get("SECRET_KEY")
    # ruleid: flask-session-cookie-not-secure
    SESSION_COOKIE_SECURE = True


class DevelopmentConfig:
    # ok: flask-session-cookie-not-secure
    SESSION_COOKIE_SECURE = False


def good():
    # ok: flask-session-cookie-not-secure
    app.config["SESSION_COOKIE_SECURE"] = True
    # ok: flask-session-cookie-not-secure
    app.config.update(SESSION_COOKIE_SECURE=True, SESSION_COOKIE_HTTPONLY=False)
    # ok: flask-session-cookie-not-secure
    app.config["SESSION_COOKIE_SECURE"] = os.environ.get("HTTPS") == "on"
