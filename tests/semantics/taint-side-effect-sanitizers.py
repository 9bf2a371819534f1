import subprocess

from flask import abort, request


def checked_by_a_call():
    name = request.values["name"]
    ensure_safe_name(name)
    # ok: checked-command
    subprocess.run(["git", "checkout", name])


def checked_in_a_condition():
    name = request.values["name"]
    if not is_safe_name(name):
        abort(400)
    # ok: checked-command
    subprocess.run(["git", "checkout", name])


def checked_too_late():
    name = request.values["name"]
    # ruleid: checked-command
    subprocess.run(["git", "checkout", name])
    ensure_safe_name(name)


def only_logged():
    name = request.values["name"]
    log_value(name)
    # ruleid: checked-command
    subprocess.run(["git", "checkout", name])


def other_variable_checked():
    name = request.values["name"]
    branch = request.values["branch"]
    ensure_safe_name(branch)
    # ruleid: checked-command
    subprocess.run(["git", "checkout", name])
