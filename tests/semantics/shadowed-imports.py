from flask import request

from .auth import login_required


def before_the_import(blob):
    # ok: unpickle
    return ser.loads(blob)


def with_parameter(request):
    # ok: request-args
    return request.args


def with_assignment():
    request = object()
    # ruleid: request-args
    return request.args


def with_loop(items):
    for request in items:
        # ok: request-args
        print(request.args)
    # ok: request-args
    return request.args


def with_lambda_and_comprehension(items):
    # ok: request-args
    first = lambda request: request.args
    # ok: request-args
    return [request.args for request in items], first


def with_except():
    try:
        pass
    except ValueError as request:
        # ok: request-args
        print(request.args)


def parameter_with_default(request=request.args):
    # ok: request-args
    return request


def parameter_annotation(request: request.args) -> request.args:
    return request


def plain():
    # ruleid: request-args
    return request.args


# ruleid: decorator-call
@login_required
def account():
    return "ok"


@staticmethod
# ruleid: decorator-call
@login_required()
def settings():
    return "ok"


import pickle as ser
from pickle import loads as cls


def after_the_import(blob):
    # ruleid: unpickle
    return ser.loads(blob)


def named_cls(blob):
    # ok: unpickle
    return cls(blob)
