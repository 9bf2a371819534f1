import flask

app = flask.Flask(__name__)


def cookies():
    # ruleid: flask-session-cookie-samesite-none
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    # ruleid: flask-session-cookie-samesite-none
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"


def cookies_update():
    # ruleid: flask-session-cookie-samesite-none
    app.config.update(SESSION_COOKIE_SAMESITE="Lax", SESSION_COOKIE_SECURE=True)


def cookies_update_split():
    app.config.update(
        SESSION_COOKIE_SECURE=True,
        SESSION_COOKIE_HTTPONLY=True,
        # ruleid: flask-session-cookie-samesite-none
        SESSION_COOKIE_SAMESITE="Lax",
    )


class Config:
    # ruleid: flask-session-cookie-samesite-none
    REMEMBER_COOKIE_SAMESITE = "Lax"


def good():
    # ok: flask-session-cookie-samesite-none
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    # ok: flask-session-cookie-samesite-none
    app.config.update(SESSION_COOKIE_SAMESITE="Strict", SESSION_COOKIE_SECURE=False)
    # ok: flask-session-cookie-samesite-none
    app.config["SESSION_COOKIE_DOMAIN"] = None
