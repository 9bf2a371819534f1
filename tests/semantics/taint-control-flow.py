import os

from flask import Flask, abort, request

app = Flask(__name__)


@app.route("/after-return")
def after_return():
    host = request.args.get("host")
    return "disabled"
    # ok: shell-from-request
    os.system("ping " + host)


@app.route("/guarded")
def guarded():
    host = request.args.get("host")
    if not host.isalnum():
        raise ValueError(host)
    # ruleid: shell-from-request
    os.system("ping " + host)


@app.route("/replaced")
def replaced():
    host = request.args.get("host")
    if host in ("a", "b"):
        host = "localhost"
    else:
        abort(400)
        return "bad host"
    # ok: shell-from-request
    os.system("ping " + host)


@app.route("/early-exit")
def early_exit():
    host = "localhost"
    if request.args.get("debug"):
        host = request.args.get("host")
        return "debugging"
    # ok: shell-from-request
    os.system("ping " + host)


@app.route("/handler-after-call")
def handler_after_call():
    try:
        host = request.args.get("host")
        resolve(host)
    except LookupError:
        # ruleid: shell-from-request
        os.system("ping " + host)
    return "ok"


@app.route("/handler-nothing-raises")
def handler_nothing_raises():
    host = request.args.get("host")
    try:
        host = "localhost"
    except LookupError:
        # ok: shell-from-request
        os.system("ping " + host)
    return "ok"


@app.route("/finally-after-return")
def finally_after_return():
    host = request.args.get("host")
    try:
        return "ok"
    finally:
        # ok: shell-from-request
        os.system("ping " + host)


@app.route("/finally-after-raise")
def finally_after_raise():
    host = request.args.get("host")
    try:
        raise RuntimeError("stop")
    finally:
        # ruleid: shell-from-request
        os.system("ping " + host)


@app.route("/loop-break")
def loop_break():
    host = "localhost"
    for name in request.args:
        host = request.args.get(name)
        break
    # ruleid: shell-from-request
    os.system("ping " + host)


@app.route("/loop-continue")
def loop_continue():
    for name in request.args:
        host = request.args.get(name)
        continue
        # ok: shell-from-request
        os.system("ping " + host)
    return "ok"


@app.route("/loop-returns")
def loop_returns():
    host = "localhost"
    while request.args:
        host = request.args.get("host")
        return host
    # ok: shell-from-request
    os.system("ping " + host)
