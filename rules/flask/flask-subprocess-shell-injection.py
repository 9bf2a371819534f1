import asyncio
import shlex
import subprocess
import subprocess as sp
from subprocess import Popen, PIPE

from flask import Flask, jsonify, request as rq

app = Flask(__name__)


@app.route("/git/log")
def git_log():
    ref = rq.args.get("ref", "HEAD")
    # ruleid: flask-subprocess-shell-injection
    out = subprocess.check_output("git log --oneline " + ref, shell=True)
    return out


@app.route("/grep")
def grep():
    # ruleid: flask-subprocess-shell-injection
    proc = Popen(
        f"grep -r {rq.args['q']} /srv/docs",
        stdout=PIPE,
        shell=True,
    )
    return proc.communicate()[0]


@app.route("/du")
def du():
    path = rq.args["path"]
    # ruleid: flask-subprocess-shell-injection
    res = sp.run(shell=True, capture_output=True, args="du -sh %s" % path)
    return res.stdout


@app.route("/whois")
def whois():
    # ruleid: flask-subprocess-shell-injection
    return subprocess.getoutput("whois " + rq.args["domain"])


@app.route("/convert", methods=["POST"])
async def convert():
    name = rq.form["name"]
    # ruleid: flask-subprocess-shell-injection
    proc = await asyncio.create_subprocess_shell("ffmpeg -i " + name + " out.mp4")
    await proc.wait()
    return "ok"


@app.route("/safe/git/log")
def safe_git_log():
    ref = rq.args.get("ref", "HEAD")
    # ok: flask-subprocess-shell-injection
    out = subprocess.check_output(["git", "log", "--oneline", ref])
    return out


@app.route("/safe/disk")
def safe_disk():
    # ok: flask-subprocess-shell-injection
    out = sp.run("df -h | sort", shell=True, capture_output=True)
    # ok: flask-subprocess-shell-injection
    quoted = sp.run("du -sh " + shlex.quote(rq.args["path"]), shell=True)
    # ok: flask-subprocess-shell-injection
    listing = sp.run("ls " + rq.args["path"], shell=False)
    return jsonify(out.returncode, quoted.returncode, listing.returncode)
