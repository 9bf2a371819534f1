import os

from flask import request


def first_host_only():
    host = "localhost"
    while request.args:
        # ok: dynamic-shell
        os.system("ping " + host)
        host = request.args.get("host")
        return host
    # ok: dynamic-shell
    os.system("ping " + host)


def give_up_on_first():
    host = "localhost"
    for name in request.args:
        host = request.args.get(name)
        raise ValueError(name)
    # ok: dynamic-shell
    os.system("ping " + host)


def break_before_assigning():
    host = "localhost"
    for name in request.args:
        if name == "quiet":
            break
        host = request.args.get(name)
        return host
    # ok: dynamic-shell
    os.system("ping " + host)


def break_after_assigning():
    host = "localhost"
    for name in request.args:
        host = request.args.get(name)
        if name == "quiet":
            break
        return host
    # ruleid: dynamic-shell
    os.system("ping " + host)


def continue_goes_round():
    host = "localhost"
    for name in request.args:
        if name == "quiet":
            continue
        host = request.args.get(name)
        return host
    # ruleid: dynamic-shell
    os.system("ping " + host)


def ordinary_loop():
    host = "localhost"
    while request.args:
        # ruleid: dynamic-shell
        os.system("ping " + host)
        host = request.args.get("host")
    # ruleid: dynamic-shell
    os.system("ping " + host)
