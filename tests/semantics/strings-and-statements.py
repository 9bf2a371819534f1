# ruleid: https-literal
HOME = "https://example.com/"
# ok: https-literal
NAME = "example"


def load():
    # ruleid: plain-try
    try:
        fetch()
    except OSError:
        pass
    # ok: plain-try
    try:
        fetch()
    except OSError:
        pass
    finally:
        close()


# ruleid: assigns-token
session_token = make_token()
