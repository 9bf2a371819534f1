def fetch(connection):
    data = read_input("q")
    with connection.cursor() as cur:
        cur.execute("SELECT 1")
        cur.execute(data)
        row = cur.fetchone()
    return row


def shell():
    s = open_socket()
    s.connect("10.0.0.1")
    t = open_socket()
    t.connect("10.0.0.2")
    spawn("/bin/sh")


def debug(header, extra):
    trace(header=header, extra)
