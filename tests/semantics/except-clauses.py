from flask import abort


def load(path):
    # ruleid: handler-without-name, any-handler
    try:
        return open(path).read()
    except OSError:
        abort(404)


def load_logged(path, log):
    # ruleid: any-handler
    try:
        return open(path).read()
    except OSError as error:
        log.warning("cannot read %s: %s", path, error)
        abort(404)
