import os

from flask import Flask

app = Flask(__name__)
BACKUP_DIR = os.environ.get("BACKUP_DIR")
TARGET = "/srv/" + BACKUP_DIR
if os.environ.get("DEBUG"):
    TRACE_CMD = os.environ.get("TRACE_CMD")
RETRIES = os.environ.get("RETRIES")
RETRIES = "3"
LOG_LEVEL: str = os.environ.get("LOG_LEVEL")


@app.route("/backup")
def backup():
    # ruleid: env-to-shell
    os.system("tar czf backup.tgz " + TARGET)
    # ruleid: env-to-shell
    os.system(TRACE_CMD)
    # ok: env-to-shell
    os.system("retry " + RETRIES)
    # ok: env-to-shell
    os.system("log " + LOG_LEVEL)
    return "ok"


@app.route("/restore")
def restore(source=os.environ.get("RESTORE_FROM")):
    # ruleid: env-to-shell
    os.system("tar xzf " + source)
    # ok: env-to-shell
    os.system("ls " + LATER)
    return "ok"


def stream_listing():
    path = os.environ.get("LIST_DIR")
    yield path
    # ok: env-to-shell
    os.system("ls " + path)


LATER = os.environ.get("LATER")
