import os
import secrets

from flask import Flask

app = Flask(__name__)

# ruleid: flask-hardcoded-secret-key
app.secret_key = "dev-key-please-change"

# ruleid: flask-hardcoded-secret-key
app.config["SECRET_KEY"] = b"\x8f\x1a\x93\xd4\x00\xeb"

# ruleid: flask-hardcoded-secret-key
SECRET_KEY = "5791628bb0b13ce0c676dfde280ba245"


def create_app():
    web = Flask(__name__)
    web.config.update(
        SQLALCHEMY_DATABASE_URI="sqlite:///app.db",
        # ruleid: flask-hardcoded-secret-key
        SECRET_KEY="hunter2",
    )
    # ruleid: flask-hardcoded-secret-key
    web.config.from_mapping({"SECRET_KEY": "abc123", "TESTING": False})
    return web


class ProdConfig:
    # ruleid: flask-hardcoded-secret-key
    SECRET_KEY = "prod-secret"


class Config:
    # ruleid: flask-hardcoded-secret-key
    SECRET_KEY = os.environ.get("SECRET_KEY") or "hard to guess string"


def fallback(web):
    # ruleid: flask-hardcoded-secret-key
    web.config["SECRET_KEY"] = os.getenv("SECRET_KEY", "changeme")
    # ok: flask-hardcoded-secret-key
    web.config["SECRET_KEY"] = os.getenv("SECRET_KEY")


class TestingConfig(ProdConfig):
    # ok: flask-hardcoded-secret-key
    SECRET_KEY = "testing"


def safe_variants():
    # ok: flask-hardcoded-secret-key
    app.secret_key = os.environ["SECRET_KEY"]
    # ok: flask-hardcoded-secret-key
    app.config["SECRET_KEY"] = os.getenv("SECRET_KEY")
    # ok: flask-hardcoded-secret-key
    app.config.update(SECRET_KEY=secrets.token_hex(32))
    # ok: flask-hardcoded-secret-key
    app.config["SESSION_COOKIE_NAME"] = "sid"


class DevelopmentConfig(ProdConfig):
    # ok: flask-hardcoded-secret-key
    SECRET_KEY = "dev-only-key"


wiki = Flask("wiki")
wiki.config.update(
    # ok: flask-hardcoded-secret-key
    SECRET_KEY="CHANGE ME",
    SITE_NAME="A wiki",
)
if wiki.config["SECRET_KEY"] == "CHANGE ME":
    raise SystemExit("Please configure a random SECRET_KEY.")
