import os
import os as operating_system
import shlex
import uuid
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
    operating_system.system(
        # ruleid: flask-os-command-injection
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


@app.route("/backup", methods=["POST"])
def backup():
    target = request.get_json()["target"]
    if target.startswith("/"):
        dest = "/mnt/backup" + target
    else:
        dest = "/mnt/backup/" + target
    cmd = "rsync -a /srv/data %s" % dest
    # ruleid: flask-os-command-injection
    os.system(cmd)
    return "ok"


@app.route("/convert", methods=["POST"])
def convert():
    args = ["convert"]
    for name in request.form.getlist("file"):
        args.append("uploads/" + name)
    args.append("out.pdf")
    # ruleid: flask-os-command-injection
    return os.popen(" ".join(args), "r").read()


@app.route("/trace/<host>")
def trace(host):
    opts = {"host": host, "hops": 10}
    # ruleid: flask-os-command-injection
    operating_system.popen("traceroute -m {hops} {host}".format(**opts))
    return "ok"


@app.route("/agent")
def agent():
    ua = request.headers.get("User-Agent", "")
    # ruleid: flask-os-command-injection
    os.system(f"echo '{ua}' >> /var/log/agents.log")
    return "ok"


@app.route("/safe/convert", methods=["POST"])
def safe_convert():
    names = [shlex.quote("uploads/" + n) for n in request.form.getlist("file")]
    cmd = "convert %s out.pdf" % " ".join(names)
    # ok: flask-os-command-injection
    return os.popen(cmd).read()


@app.route("/safe/job/<job_id>")
def safe_job(job_id):
    job = uuid.UUID(job_id)
    pages = int(request.args.get("pages", "1"))
    # ok: flask-os-command-injection
    os.system(f"render-job {job} --pages {pages}")
    return "queued"


@app.route("/safe/reset")
def safe_reset():
    host = request.args.get("host")
    host = "localhost"
    # ok: flask-os-command-injection
    os.system("ping -c 1 " + host)
    mode = request.args.get("mode", "r")
    # ok: flask-os-command-injection
    return os.popen("uptime", mode).read()


def make_pdf(html_path, pdf_path, quality=90):
    # ruleid: flask-os-command-injection
    os.system("wkhtmltopdf --image-quality %d %s %s" % (quality, html_path, pdf_path))


class Backup:
    command = "rsync -a /srv/data /mnt/backup"

    def run(self):
        # ok: flask-os-command-injection
        return os.system(self.command)


@app.route("/safe/pages")
def safe_pages():
    pages = request.args.get("pages", 1, type=int)
    # ok: flask-os-command-injection
    os.system("render --pages %d" % pages)
    return "ok"


@app.route("/ping/constant-branch")
def ping_constant_branch():
    param = request.args.get("host", "localhost")
    host = "localhost" if (7 * 18) + 106 > 200 else param
    if (7 * 18) + 106 > 200:
        host = "localhost"
    # ruleid: flask-os-command-injection
    os.system("ping -c 1 " + host)  # precise-ok: flask-os-command-injection
    return "done"
