# Functions of the same file (precise_functions); see precise-functions.yaml.
from flask import request


def clean(x):
    return int(x)


def same(x):
    return x


def wrapped(x):
    y = "(" + x + ")"
    return y


def run(cur, q):
    # ok: precise-functions
    cur.execute(q)  # precise-ruleid: precise-functions


def run_twice(cur, q):
    run(cur, q)


def log_only(cur, q):
    cur.execute("SELECT 1")
    return "done"


def ping(x):
    return pong(x)


def pong(x):
    return ping(x)


def countdown(x, n):
    if n == 0:
        return x
    return countdown(x, n - 1)


def sanitizing_helper(cur):
    param = request.args.get("p")
    # ruleid: precise-functions
    cur.execute("SELECT %s" % clean(param))  # precise-ok: precise-functions


def identity_helper(cur):
    param = request.args.get("p")
    # ruleid: precise-functions
    cur.execute("SELECT %s" % same(param))
    bar = wrapped(param)
    # ruleid: precise-functions
    cur.execute(bar)


def sink_inside_helper(cur):
    param = request.args.get("p")
    run(cur, "SELECT " + param)


def sink_two_calls_down(cur):
    param = request.args.get("p")
    run_twice(cur, param)


def helper_without_sink_for_the_argument(cur):
    param = request.args.get("p")
    n = log_only(cur, param)
    # ruleid: precise-functions
    cur.execute("SELECT %d" % n)  # precise-ok: precise-functions


def recursion_between_helpers(cur):
    param = request.args.get("p")
    # ruleid: precise-functions
    cur.execute(ping(param))  # precise-ok: precise-functions


def recursion_that_returns(cur):
    param = request.args.get("p")
    # ruleid: precise-functions
    cur.execute(countdown(param, 3))


def keyword_arguments(cur):
    param = request.args.get("p")
    # ruleid: precise-functions
    cur.execute(same(x=param))
    # ruleid: precise-functions
    cur.execute(clean(x=param))  # precise-ok: precise-functions
