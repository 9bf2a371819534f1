def handler(a, b):
    value = legacy_call(a + b)
    if value:
        connect(host, port)
    return connect("db")
