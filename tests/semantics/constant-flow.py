# See constant-flow.yaml. `x` holds a literal unless a path gives it something else.
G = "module"


def early_return(c):
    x = "a"
    if c:
        x = foo()
        return
    # ruleid: known-literal
    sink(x)


def else_raises(c):
    x = "a"
    if c:
        x = foo()
    else:
        raise ValueError()
    # ok: known-literal
    sink(x)


def repeated(n):
    y = "ab" * n
    # ruleid: known-literal
    sink(y)
    # ruleid: known-literal
    sink("[" * 100 + "]" * 100)
    # ok: known-literal
    sink(n + "x")


def handler_returns():
    x = "a"
    try:
        x = foo()
    except ValueError:
        return
    # ok: known-literal
    sink(x)


def nothing_raises():
    x = "a"
    try:
        x = "b"
    except ValueError:
        x = foo()
    # ruleid: known-literal
    sink(x)


def may_raise_either_way():
    x = 0
    try:
        foo()
    except ValueError:
        x = 0
    else:
        x = 1
    # ok: known-literal
    sink(x)


def after_loop(items):
    x = "a"
    for i in items:
        pass
    # ok: known-literal
    sink(x)
    # ruleid: known-literal
    sink(G)


def loop_reassigns(items):
    x = "a"
    for i in items:
        x = "a"
        # ruleid: known-literal
        sink(x)
    # ruleid: known-literal
    sink(x)


top = "a"
for i in range(3):
    pass
# ruleid: known-literal
sink(top)
