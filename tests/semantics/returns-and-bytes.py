EOF_MARK = b"\x1a"


def total(a, b):
    # ruleid: returns-sum
    return a + b


# ruleid: returns-sum
add = lambda a, b: a + b
# ok: returns-sum
neg = lambda a: -a


def read(buf):
    # ruleid: compares-literal
    if buf[0] == EOF_MARK:
        return None
    return buf
