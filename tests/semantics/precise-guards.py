# precise_guards: a sanitizer that matches an `if` test is a check of a bad
# value; where it is known false, what it checked is clean. Semgrep has no
# such analysis: the plain annotations are its results; `# precise-...:`
# comments what the option changes.
import os
import sys
from flask import request, abort

ALLOWED = {"a.txt", "b.txt"}


def returns_when_bad():
    name = request.args.get("name")
    if ".." in name:
        return "bad name", 400
    # ruleid: precise-guards
    return open(os.path.join("/srv", name))  # precise-ok: precise-guards


def aborts_when_bad():
    name = request.args.get("name")
    if not name.startswith("public/"):
        abort(403)
    # ruleid: precise-guards
    return open(name)  # precise-ok: precise-guards


def exits_when_bad():
    name = request.args.get("name")
    if name not in ALLOWED:
        sys.exit(1)
    # ruleid: precise-guards
    return open(name)  # precise-ok: precise-guards


def raises_in_either_check():
    name = request.args.get("name")
    if not is_safe(name) or ".." in name:
        raise ValueError(name)
    # ruleid: precise-guards
    return open(name)  # precise-ok: precise-guards


def clean_in_else_arm():
    name = request.args.get("name")
    if ".." in name:
        print("rejected")
    else:
        # ruleid: precise-guards
        open(name)  # precise-ok: precise-guards
    # ruleid: precise-guards
    return open(name)


def negated_check_arm():
    name = request.args.get("name")
    if not ".." in name:
        # ruleid: precise-guards
        open(name)  # precise-ok: precise-guards
    return "ok"


def loop_continues(names):
    for name in request.args.getlist("n"):
        if ".." in name:
            continue
        # ruleid: precise-guards
        open(name)  # precise-ok: precise-guards


def guard_that_does_not_leave():
    name = request.args.get("name")
    if ".." in name:
        print("suspicious", name)
    # ruleid: precise-guards
    return open(name)


def check_on_another_variable():
    name = request.args.get("name")
    other = request.args.get("other")
    if ".." in other:
        return "bad", 400
    # ruleid: precise-guards
    return open(name)


def check_that_passes_leaves():
    name = request.args.get("name")
    if name.startswith("public/"):
        return "fine"
    # ruleid: precise-guards
    return open(name)


def allow_list_arm():
    name = request.args.get("name")
    # The opposite of the check `$X not in ALLOWED`: clean where it holds.
    if name in ALLOWED:
        # ruleid: precise-guards
        open(name)  # precise-ok: precise-guards
    # ruleid: precise-guards
    return open(name)


def passing_call_arm():
    name = request.args.get("name")
    # A call says the value passed: clean where it holds.
    if is_allowed(name):
        # ruleid: precise-guards
        open(name)  # precise-ok: precise-guards
    else:
        # ruleid: precise-guards
        open(name)


def failing_call_leaves():
    name = request.args.get("name")
    if not is_allowed(name):
        abort(404)
    # ruleid: precise-guards
    return open(name)  # precise-ok: precise-guards


def equality_is_no_check():
    name = request.args.get("name")
    if name == "..":
        return "no"
    # ruleid: precise-guards
    return open(name)


def is_allowed(name):
    return name in ALLOWED


def is_safe(name):
    return ".." not in name


def while_check_loops_until_clean():
    name = request.args.get("name")
    while ".." in name:
        name = name.replace("..", "")
    # ruleid: precise-guards
    return open(name)  # precise-ok: precise-guards


def while_check_returns():
    name = request.args.get("name")
    while not name.startswith("public/"):
        return "no", 403
    # ruleid: precise-guards
    return open(name)  # precise-ok: precise-guards


def while_check_inside_is_bad():
    name = request.args.get("name")
    while ".." in name:
        # ruleid: precise-guards
        open(name)
        name = name[1:]
    return "ok"


def while_check_broken_out_of():
    name = request.args.get("name")
    while ".." in name:
        if len(name) > 100:
            break
        name = name.replace("..", "")
    # ruleid: precise-guards
    return open(name)


def while_allow_list_body():
    name = request.args.get("name")
    while name in ALLOWED:
        # ruleid: precise-guards
        open(name)  # precise-ok: precise-guards
        name = next_name()
    return "ok"
