# The options users reach for: symbolic_propagation (off by default) lets a name
# match the expression it was last assigned; constant_propagation (on by default)
# lets a name match the literal it holds, and can be turned off.
import subprocess
from flask import request


def built_query(cur, uid):
    q = "SELECT * FROM t WHERE id = " + uid
    # ruleid: sym-on
    cur.execute(q)


def literal_query(cur):
    q = "SELECT 1"
    # ok: const-off
    cur.execute(q)
    # ruleid: const-off
    cur.execute("SELECT 2")


def command_from_request():
    cmd = request.args.get("c")
    # ruleid: sym-call
    subprocess.call(cmd)


def reassigned(cur, uid):
    q = "SELECT " + uid
    q = "x"
    # ok: sym-on
    cur.execute(q)


def remember(key, cache={}):
    seen = cache
    # ruleid: default-dict-mutated
    seen.update({key: True})
    # ruleid: default-dict-mutated, default-dict-mutated-plain
    cache.update({key: False})
    return seen
