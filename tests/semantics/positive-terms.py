import os


def view(resp, flag):
    resp.set_cookie(
        "session",
        # ruleid: insecure-flag
        secure=False,
        httponly=True,
    )
    # ok: insecure-flag
    resp.set_cookie("session", secure=True)
    # ok: insecure-flag
    resp.set_cookie("session", secure=flag.off)


def files(path):
    # ruleid: chmod-like
    os.chmod(path, 0o777)
    # ruleid: chmod-like
    os.lchmod(path, 0o700)
    # ok: chmod-like
    os.getenv(path, "default")
