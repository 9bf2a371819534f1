import requests
from flask import request

API = "http://internal.example"


def report(cur, uid):
    # ruleid: sql-fstring
    cur.execute(f"SELECT * FROM users WHERE id = {uid}")
    # ok: sql-fstring
    cur.execute(f"{uid}")
    # ok: sql-fstring
    cur.execute(f"VACUUM {uid}")
    # ok: execute-fstring
    cur.executemany("INSERT INTO users "
                    f"VALUES ({uid}, ?)", [])
    # ruleid: execute-fstring
    cur.executemany(f"INSERT INTO users VALUES ({uid}, ?)", [])


def greeting():
    name = "world"
    # ruleid: constant-fstring-return
    return f"hello {name}"


def count():
    total = 3
    # ruleid: constant-fstring-return
    return f"{total} items"


def pick(flag):
    # ruleid: constant-fstring-return
    return "yes" if flag else "no"


def echo(name):
    # ok: constant-fstring-return
    return f"hello {name}"


def fetch():
    # ruleid: plain-http
    requests.get(API)
    url = "https://secure.example"
    # ok: plain-http
    requests.get(url)
    # ruleid: plain-http
    return requests.post("http://other.example", data={})


def redirect_target():
    base = "https://"
    # ruleid: url-prefix
    return base + request.args["host"]


def page(title):
    # ruleid: html-tag-format
    html = "<h1 class='title'>{}</h1>".format(title)
    # ok: html-tag-format
    text = "Title: {}".format(title)
    return html + text


def forward(view, **options):
    # ruleid: splat-last
    return view(1, **options)


ALLOWED_HOSTS = [
    "example.com",
    # ruleid: missing-comma
    "api.example.com"
    "admin.example.com",
    # ruleid: missing-comma
    "a.example" f"{API}",
]
# ok: missing-comma
BANNER = ("flasklight " "scanner")
