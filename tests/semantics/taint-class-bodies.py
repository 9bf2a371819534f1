import os
import shlex

from flask import request

GLOBAL_QUERY = request.args


class Settings:
    query = request.args
    # ruleid: args-to-shell
    os.system(query)
    safe = shlex.quote(query)
    # ok: args-to-shell
    os.system(safe)

    class Inner:
        inner_query = request.args
        # ruleid: args-to-shell
        os.system(inner_query)
        # ok: args-to-shell
        os.system(query)

    if request:
        branch = request.args
    else:
        branch = "x"
    # ruleid: args-to-shell
    os.system(branch)

    for item in request.args:
        # ruleid: args-to-shell
        os.system(item)

    # ok: args-to-shell
    os.system(GLOBAL_QUERY)

    def method(self):
        # ok: args-to-shell
        os.system(query)
        # ruleid: args-to-shell
        os.system(GLOBAL_QUERY)

    later = request.args
    # ruleid: args-to-shell
    rebound = lambda: os.system(later)


# ok: args-to-shell
os.system(query)


def view():
    local = request.args

    class Local:
        # ok: args-to-shell
        os.system(local)
        own = request.args
        # ruleid: args-to-shell
        os.system(own)


# ok: args-to-shell
@decorate(os.system(request.args))
class Decorated(Base):
    pass


# ok: args-to-shell
class Based(os.system(request.args)):
    pass
