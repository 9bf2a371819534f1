import os

from flask import Flask
from werkzeug.serving import run_simple

app = Flask(__name__)


@app.route("/health")
def health():
    return {"ok": True}


def serve_everywhere():
    # ruleid: flask-debugger-public-host
    app.run(host="0.0.0.0", debug=True)


def serve_everywhere_reordered():
    # ruleid: flask-debugger-public-host
    app.run(debug=True, port=int(os.environ.get("PORT", 5000)), host="0.0.0.0")


def serve_split():
    # ruleid: flask-debugger-public-host
    app.run(
        port=8000,
        debug=True,
        host="0.0.0.0",
    )


def serve_ipv6():
    # ruleid: flask-debugger-public-host
    app.run("::", 5000, debug=True)


def serve_werkzeug():
    # ruleid: flask-debugger-public-host
    run_simple("0.0.0.0", 5000, app, use_debugger=True, use_reloader=True)


def serve_after_flag():
    app.debug = True
    # ruleid: flask-debugger-public-host
    app.run(host="0.0.0.0", port=5000)


def serve_local_debug():
    # ok: flask-debugger-public-host
    app.run(host="127.0.0.1", debug=True)


def serve_public_no_debug():
    # ok: flask-debugger-public-host
    app.run(host="0.0.0.0", debug=False)


def serve_public_default():
    # ok: flask-debugger-public-host
    app.run(host="0.0.0.0", port=8080)
