def computed(n, c, y, rows):
    # ruleid: computed-string-value
    mode = "rb" if c else "r"
    # ruleid: computed-string-value
    rule = "-" * n
    # ruleid: computed-string-value
    ruler = "=" * (n - 1)
    # ok: computed-string-value
    left = n * "-"
    # ruleid: computed-string-value
    flag = f"{'on' if c else 'off'}"
    # ok: computed-string-value
    half = "x" if c else y
    # ok: computed-string-value
    label = f"{y}"
    # ok: computed-string-value
    fmt = "a %s" % y
    # ok: computed-string-value
    joined = "a" + y
    return mode, rule, ruler, left, flag, half, label, fmt, joined


def arguments(n, c, y):
    a = "a %s" % "k"
    # ruleid: some-string-argument
    show(a)
    b = "x" if c else "y"
    # ruleid: some-string-argument
    show(b)
    d = "a %s %s" % ("k", "j")
    # ok: some-string-argument
    show(d)
    e = "a %d" % 3
    # ok: some-string-argument
    show(e)
    f = "{}".format("z")
    # ok: some-string-argument
    show(f)
    g = "a %s" % y
    # ok: some-string-argument
    show(g)
    # ruleid: some-string-argument
    show(b"raw")
    # ok: some-string-argument
    show("a %s" % "k")


def bindings(c):
    known = "a" + "b"
    # ruleid: known-string-argument
    label(known)
    either = "x" if c else "y"
    # ok: known-string-argument
    label(either)
    repeated = "a" * 3
    # ok: known-string-argument
    label(repeated)


def hashing(h):
    # ruleid: salted-hash
    h.update(b"cookiesalt")
    # ruleid: salted-hash
    h.update("pinsalt")
    # ok: salted-hash
    h.update(b"pepper")
    # ruleid: bytes-only
    send(b"")
    # ok: bytes-only
    send("")


def concatenations(name):
    # ruleid: concat-pieces
    notice("Hello, " f"{name}")
    # ok: concat-pieces
    notice("Hello, " f"{name}" "!")


HEADER = "<html><body>"
PAGE = HEADER + "<p>%(name)s</p>" + "</body></html>"


def page(name, template):
    # ruleid: template-formatting
    return PAGE % {"name": name}


def custom(name, template):
    # ok: template-formatting
    return template % {"name": name}
