import os

from flask import Flask
from werkzeug.serving import run_simple
import werkzeug.serving as ws

app = Flask(__name__)


@app.route("/")
def index():
    return "hello"


def run_dev():
    # ruleid: flask-debug-mode
    app.run(debug=False)


def run_dev_keywords_reordered():
    # ruleid: flask-debug-mode
    app.run(port=5001, threaded=True, debug=False, host="127.0.0.1")


def run_dev_split():
    app.run(
        host="127.0.0.1",
        port=8080,
        # ruleid: flask-debug-mode
        debug=False,
    )


def run_with_debugger_only():
    # ruleid: flask-debug-mode
    app.run(use_reloader=False, use_debugger=False)


def run_werkzeug_directly():
    # ruleid: flask-debug-mode
    run_simple("localhost", 5000, app, use_reloader=True, use_debugger=False)


def run_werkzeug_alias():
    # ruleid: flask-debug-mode
    ws.run_simple("localhost", 5000, app, use_debugger=False)


def run_safe():
    # ok: flask-debug-mode
    app.run(debug=False)


def run_from_env():
    # ok: flask-debug-mode
    app.run(debug=os.environ.get("FLASK_DEBUG") == "1")


def run_no_debugger():
    # ok: flask-debug-mode
    run_simple("localhost", 5000, app, use_reloader=True, use_debugger=False)


if __name__ == "__main__":
    # ok: flask-debug-mode
    app.run(host="127.0.0.1", port=5000)
