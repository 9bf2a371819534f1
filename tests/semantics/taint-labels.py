import base64
import os
import pickle
from flask import request


def view():
    name = request.args.get("name")
    key = load_key()
    typed = input()
    # ok: taint-labels
    sign(name)
    # ruleid: taint-labels
    sign(name + key)
    blob = base64.b64decode(name)
    other = base64.b64decode(key)
    # ruleid: taint-labels
    pickle.loads(blob)
    # ok: taint-labels
    pickle.loads(other)
    # ok: taint-labels
    os.system(name)
    # ruleid: taint-labels
    os.system(typed)
    # ruleid: taint-labels
    log_raw(name)
    # ok: taint-labels
    log_raw(name + key)
    # ruleid: taint-labels
    render(blob)
    # ok: taint-labels
    render(typed)


def accumulates():
    name = request.args.get("name")
    key = load_key()
    x = name
    x = key
    # ruleid: taint-labels
    sign(x)
    x = "clean"
    # ok: taint-labels
    render(x)
