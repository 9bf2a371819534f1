import os
import os as operating_system
import shlex
from os import system, popen

from flask import Flask, request

app = Flask(__name__)


@app.route("/ping")
def ping():
    host = request.args.get("host", "localhost")
    # ruleid: flask-os-command-injection
    os.system("ping -c 1 " + host)
    return "done"


@app.route("/lookup")
def lookup():
    domain = request.args["domain"]
    # ruleid: flask-os-command-injection
    out = popen(f"nslookup {domain}").read()
    return out


@app.route("/thumb/<name>")
def thumb(name):
    cmd = "convert uploads/%s -resize 64x64 thumbs/%s" % (name, name)
    # ruleid: flask-os-command-injection
    system(cmd)
    return "ok"


@app.route("/archive", methods=["POST"])
def archive():
    # ruleid: flask-os-command-injection
    operating_system.system(
        "tar czf /tmp/{}.tgz /srv/data".format(request.form["label"])
    )
    return "ok"


@app.route("/uptime")
def uptime():
    # ok: flask-os-command-injection
    return os.popen("uptime").read()


@app.route("/ping-quoted")
def ping_quoted():
    # ok: flask-os-command-injection
    os.system("ping -c 1 " + shlex.quote(request.args.get("host", "localhost")))
    return "done"


@app.route("/clear")
def clear():
    # ok: flask-os-command-injection
    os.system("rm -f /tmp/cache/*.tmp")
    return "cleared"
