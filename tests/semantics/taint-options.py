import os
import subprocess

from flask import request

COMMANDS = {"disk": "df -h", "load": "uptime"}


def run_named():
    key = request.args["cmd"]
    # ok: command-by-key
    os.system(COMMANDS[key])
    # ok: command-by-key
    log_decision(key == "disk")
    # ruleid: command-by-key
    os.system("echo " + key)
    form = request.form
    # ruleid: command-by-key
    os.system(form["cmd"])


def run_raw(fallback):
    args = request.args
    # ruleid: command-by-assignment
    subprocess.call(args)
    chosen = args if fallback else "uptime"
    # ruleid: command-by-assignment
    subprocess.call(chosen)
    # ok: command-by-assignment
    subprocess.call("echo " + args["cmd"])
    # ok: command-by-assignment
    subprocess.call(args.get("cmd"))
