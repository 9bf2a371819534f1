import os
import pickle
import yaml
from base64 import b64decode as decode
from os import path as osp
from os import popen
from os import system as run_shell
from subprocess import check_output as co
from pickle import loads
from pickle import loads as unpickle
from yaml import load as yload

from flask import Flask, request

app = Flask(__name__)


@app.route("/restore", methods=["POST"])
def restore():
    blob = request.get_data()
    # ruleid: deserialize-any-module
    pickle.loads(blob)
    # ruleid: deserialize-any-module
    loads(blob)
    # ruleid: deserialize-any-module
    unpickle(blob)
    # ok: deserialize-any-module
    decode(blob)
    return "ok"


@app.route("/config", methods=["POST"])
def config():
    text = request.get_data(as_text=True)
    # ruleid: yaml-load-call
    yaml.load(text)
    # ruleid: yaml-load-call
    yload(text)
    # ok: yaml-load-call
    yaml.safe_load(text)
    return "ok"


@app.route("/files")
def files():
    # ruleid: path-helper
    full = os.path.join("/srv", request.args["name"])
    # ruleid: path-helper
    other = osp.join("/srv", request.args["name"])
    # ok: path-helper
    fixed = osp.join("/srv", "static")
    # ruleid: two-part-call
    token = decode(request.cookies["token"])
    # ok: two-part-call
    plain = len(request.cookies["token"])
    # ok: same-metavariable-twice
    again = decode(token)
    # ruleid: same-metavariable-twice
    fixed.fixed()
    return full + other + fixed + str(again) + plain


@app.route("/ping")
def ping():
    host = request.args["host"]
    # ruleid: shell-module-call
    run_shell("ping " + host)
    # ruleid: shell-module-call
    popen("ping " + host)
    # ruleid: shell-module-call
    co(["ping", host])
    # ok: shell-module-call
    return osp.join("/bin", host)
