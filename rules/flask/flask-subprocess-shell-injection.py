import asyncio
import os
import platform
import shlex
import subprocess
import uuid
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
    proc = Popen(
        # ruleid: flask-subprocess-shell-injection
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


@app.route("/archive/<name>", methods=["POST"])
def archive(name):
    files = rq.form.getlist("file")
    cmd = "tar czf /tmp/%s.tgz" % name
    for f in files:
        cmd += " " + f
    # ruleid: flask-subprocess-shell-injection
    subprocess.call(cmd, shell=True, cwd="/srv/data")
    return "ok"


@app.route("/dig")
def dig():
    record = rq.args.get("type")
    if record is None:
        record = "A"
    parts = ["dig", "+short"]
    parts.extend([record, rq.args["name"]])
    # ruleid: flask-subprocess-shell-injection
    return subprocess.check_output(" ".join(parts), shell=True)


@app.route("/tail")
def tail():
    opts = {"n": rq.args.get("lines", "10"), "file": "/var/log/app.log"}
    # ruleid: flask-subprocess-shell-injection
    return subprocess.getstatusoutput("tail -n {n} {file}".format(**opts))[1]


@app.route("/safe/git/show/<rev>")
def safe_git_show(rev):
    # ok: flask-subprocess-shell-injection
    out = sp.check_output("git show " + shlex.quote(rev), shell=True)
    cmd = shlex.join(["git", "log", "-n", rq.args.get("n", "5")])
    # ok: flask-subprocess-shell-injection
    out += sp.check_output(cmd, shell=True)
    return out


@app.route("/safe/job/<job_id>")
def safe_job(job_id):
    job = uuid.UUID(job_id)
    count = int(rq.args.get("count", "1"))
    # ok: flask-subprocess-shell-injection
    subprocess.run(f"render-job {job} --count {count}", shell=True, check=True)
    env = {"REPORT_USER": rq.args.get("user", "")}
    # ok: flask-subprocess-shell-injection
    subprocess.run("make report", shell=True, env=env, cwd="/srv/reports")
    return "queued"


@app.route("/safe/ls")
def safe_ls():
    path = rq.args.get("path", ".")
    path = "/srv/public"
    # ok: flask-subprocess-shell-injection
    return subprocess.check_output("ls -l " + path, shell=True)


def compress(path, level="9"):
    # ruleid: flask-subprocess-shell-injection
    return subprocess.run(f"gzip -{level} {path}", shell=True, check=True)


@app.route("/safe/top")
def safe_top():
    count = rq.args.get("n", 10, type=int)
    # ok: flask-subprocess-shell-injection
    return subprocess.check_output("ps aux | head -n %d" % count, shell=True)


@app.route("/echo")
def echo():
    msg = rq.args.get("msg", "")
    # ruleid: flask-subprocess-shell-injection
    return subprocess.run(["sh", "-c", f"echo {msg}"], capture_output=True, shell=False).stdout


@app.route("/ping")
def ping():
    host = rq.args["host"]
    # ruleid: flask-subprocess-shell-injection
    os.execv("/bin/bash", ["bash", "-lc", "ping -c 1 " + host])


@app.route("/portable")
def portable():
    shell = ["cmd.exe", "/c"] if platform.system() == "Windows" else ["sh", "-c"]
    arg_list = shell + [f"echo {rq.args.get('value', '')}"]
    # ruleid: flask-subprocess-shell-injection
    proc = subprocess.run(arg_list, capture_output=True, encoding="utf-8")
    return proc.stdout


@app.route("/spawn")
def spawn():
    # ruleid: flask-subprocess-shell-injection
    os.spawnlp(os.P_WAIT, "sh", "sh", "-c", "convert " + rq.args["file"] + " out.png")
    return "ok"


@app.route("/safe/echo")
def safe_echo():
    msg = rq.args.get("msg", "")
    # ok: flask-subprocess-shell-injection
    return subprocess.run(["sh", "-c", "echo " + shlex.quote(msg)], capture_output=True).stdout


@app.route("/safe/script")
def safe_script():
    # ok: flask-subprocess-shell-injection
    return subprocess.run(["bash", "/srv/scripts/report.sh", rq.args["month"]], capture_output=True).stdout


@app.route("/safe/argv")
def safe_argv():
    args = ["git", "log", "-n", "5"]
    args.append(rq.args.get("ref", "HEAD"))
    # ok: flask-subprocess-shell-injection
    return subprocess.run(args, capture_output=True).stdout
