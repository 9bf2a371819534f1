import sqlite3
from sqlite3 import Cursor

import flask
import requests
from flask import Flask, request

app = Flask(__name__)
DEFAULT_NEXT: str = load_default()


def back(target: str, fallback):
    # ruleid: redirect-to-str-param
    flask.redirect(target)
    # ok: redirect-to-str-param
    flask.redirect(fallback)
    # ruleid: redirect-to-str-param
    flask.redirect("/home")
    # ok: redirect-to-str-param
    flask.redirect(f"/home/{fallback}")
    # ruleid: redirect-to-str-param
    flask.redirect(DEFAULT_NEXT, code=302)
    target = compute()
    # ruleid: redirect-to-str-param
    flask.redirect(target)


def many(*targets: str, **options: str):
    # ok: redirect-to-str-param
    flask.redirect(targets)
    # ok: redirect-to-str-param
    flask.redirect(options)


def fetch(url, retries: int):
    # ruleid: timeout-as-int
    requests.get(url, 5)
    # ok: timeout-as-int
    requests.get(url, 5.0)
    # ruleid: timeout-as-int
    requests.get(url, retries)
    wait = 3 if retries else 10
    # ruleid: timeout-as-int
    requests.get(url, wait)
    # ok: timeout-as-int
    requests.get(url, int(retries))
    # ok: timeout-as-int
    requests.get(url, "5")


def query(conn: sqlite3.Connection, cur: Cursor, other):
    # ruleid: session-backend
    conn.execute("SELECT 1")
    # ruleid: session-backend
    cur.execute("SELECT 1")
    # ok: session-backend
    other.execute("SELECT 1")
    db = sqlite3.connect("app.db")
    # ok: session-backend
    db.execute("SELECT 1")


def register(rule: str, endpoint):
    def decorator(f):
        # ruleid: redirect-to-str-param
        flask.redirect(rule)
        # ok: redirect-to-str-param
        flask.redirect(endpoint)
        return f

    # ruleid: redirect-to-str-param
    pages = [flask.redirect(rule) for _ in range(3)]
    # ok: redirect-to-str-param
    others = [flask.redirect(rule) for rule in endpoint]
    # ruleid: redirect-to-str-param
    later = lambda: flask.redirect(rule)
    # ok: redirect-to-str-param
    shadowed = lambda rule: flask.redirect(rule)
    # ruleid: redirect-to-str-param
    flask.redirect(str)
    return decorator, pages, others, later, shadowed
