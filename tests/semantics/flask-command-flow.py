import os
import shlex
import subprocess as sp
from flask import Flask, request

app = Flask(__name__)


@app.route("/ping")
def ping():
    host = request.args.get("host")
    # ruleid: flask-command-flow
    os.system("ping -c1 " + host)


@app.route("/grep")
def grep():
    parts = ["grep", "-r"]
    parts.append(request.form["pattern"])
    cmd = " ".join(parts)
    # ruleid: flask-command-flow
    sp.run(cmd, shell=True)


@app.route("/agent")
def agent():
    ua = request.headers.get("User-Agent", "")
    with open("/tmp/log", "a") as log:
        line = "echo %s >> /tmp/agents" % ua
        # ruleid: flask-command-flow
        sp.call(line, shell=True, cwd="/tmp")


@app.route("/quoted")
def quoted():
    host = shlex.quote(request.args.get("host"))
    # ok: flask-command-flow
    os.system("ping -c1 " + host)


@app.route("/list")
def as_list():
    host = request.args.get("host")
    # ok: flask-command-flow
    sp.run(["ping", "-c1", host])


@app.route("/constant")
def constant():
    mode = request.args.get("mode")
    # ok: flask-command-flow
    sp.run("uptime", shell=True)
