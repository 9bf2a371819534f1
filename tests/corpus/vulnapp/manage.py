"""Developer helpers: `python manage.py serve|initdb|shell`."""
import code
import os
import sys

from werkzeug.serving import run_simple

from vulnapp import create_app
from vulnapp.extensions import db


def serve():
    app = create_app("vulnapp.config.DevConfig")
    debug = os.environ.get("FLASK_DEBUG") == "1"
    app.run(host="127.0.0.1", port=5000, debug=debug)  # safe: debug


def serve_reloader():
    app = create_app("vulnapp.config.DevConfig")
    run_simple("localhost", 5000, app, use_reloader=True, use_debugger=True)  # vuln: debug


def initdb():
    app = create_app("vulnapp.config.DevConfig")
    with app.app_context():
        db.create_all()
        print("database created")


def shell():
    app = create_app("vulnapp.config.DevConfig")
    with app.app_context():
        code.interact(local={"app": app, "db": db})


COMMANDS = {"serve": serve, "serve-reloader": serve_reloader, "initdb": initdb, "shell": shell}

if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in COMMANDS:
        print("usage: manage.py " + "|".join(COMMANDS))
        sys.exit(2)
    COMMANDS[sys.argv[1]]()
