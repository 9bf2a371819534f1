import os

from flask import request


def run_tool(cur):
    name = request.args["tool"]
    # ok: shell-from-request
    os.system(name[1:])
    # ruleid: shell-from-request
    os.system("tool " + name)
    # ok: shell-from-request
    cur.execute(name[:20])
    # ruleid: shell-from-request
    cur.execute(name[0])


def calculate():
    # ruleid: eval-from-request-safe-calls
    eval(request.args.get("expr"))
    args = request.args
    expr = args.get("expr")
    # ok: eval-from-request-safe-calls
    eval(expr)
    # ok: eval-from-request-safe-calls
    eval(str(args))
    # ruleid: eval-from-request-safe-calls
    eval(args["expr"])
    upload = request.files["script"]
    # ok: eval-from-request-safe-calls
    eval(upload.read())
