from flask import request

from .auth import login_required


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
