import os

from flask import Flask

app = Flask(__name__)
admin = Flask("admin")


def configure_attr():
    # ruleid: flask-debug-config
    app.debug = True


def configure_item():
    # ruleid: flask-debug-config
    app.config["DEBUG"] = True


def configure_update_kwargs():
    # ruleid: flask-debug-config
    app.config.update(TESTING=False, DEBUG=True, SECRET_KEY=os.environ["SK"])


def configure_update_split():
    app.config.update(
        SERVER_NAME="example.org",
        # ruleid: flask-debug-config
        DEBUG=True,
    )


def configure_update_dict():
    # ruleid: flask-debug-config
    admin.config.update({"PROPAGATE_EXCEPTIONS": True, "DEBUG": True})


def configure_from_mapping():
    # ruleid: flask-debug-config
    app.config.from_mapping(DEBUG=True)


def safe_attr():
    # ok: flask-debug-config
    app.debug = False


def safe_env():
    # ok: flask-debug-config
    app.config["DEBUG"] = os.environ.get("FLASK_DEBUG") == "1"


def other_key():
    # ok: flask-debug-config
    app.config["PROPAGATE_EXCEPTIONS"] = True


def safe_update():
    # ok: flask-debug-config
    app.config.update(DEBUG=False, TESTING=True)


class Config:
    SECRET_KEY_FILE = "/run/secrets/key"
    # ruleid: flask-debug-config
    DEBUG = True


class ProductionConfig(Config):
    # ok: flask-debug-config
    DEBUG = False


class DevelopmentConfig(Config):
    # ok: flask-debug-config
    DEBUG = True
