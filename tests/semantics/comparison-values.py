OFF = False
MODE = 0o600


def setup():
    # ruleid: flag-disabled
    configure(check=False)
    # ruleid: flag-disabled
    configure(check=OFF)
    # ok: flag-disabled
    configure(check=0)
    # ok: flag-disabled
    configure(check=True)


def permissions(p):
    # ruleid: wide-mode
    chmod(p, 0o777)
    # ruleid: wide-mode
    chmod(p, 0o644 | 0o111)
    # ok: wide-mode
    chmod(p, MODE)
    # ok: wide-mode
    chmod(p, "0o777")


def names(literal, other):
    # ok: code-by-name
    use(literal)
    # ok: code-by-name
    use(other)
    # ruleid: code-by-name
    use("literal")
