import re

import ldap
import ldap.filter
import ldap3
from flask import Flask, abort, jsonify, request
from ldap3.utils.conv import escape_filter_chars

app = Flask(__name__)
SERVER = ldap3.Server("ldaps://ldap.example.org")
BASE = "ou=people,dc=example,dc=org"


@app.post("/login")
def login():
    user = request.form["user"]
    password = request.form["password"]
    conn = ldap3.Connection(SERVER, "cn=reader,dc=example,dc=org", "secret", auto_bind=True)
    # ruleid: flask-ldap-injection
    conn.search(BASE, f"(&(uid={user})(userPassword={password}))")
    return jsonify(ok=bool(conn.entries))


@app.get("/people")
def people():
    flt = "(&(objectClass=person)(cn=%s))" % request.args.get("name", "")
    with ldap3.Connection(SERVER, auto_bind=True) as c:
        # ruleid: flask-ldap-injection
        c.search(search_base=BASE, search_filter=flt, attributes=["mail"])
        return jsonify(mail=[str(e.mail) for e in c.entries])


@app.get("/groups/<group>")
def group_members(group):
    l = ldap.initialize("ldap://ldap.example.org")
    # ruleid: flask-ldap-injection
    res = l.search_s(BASE, ldap.SCOPE_SUBTREE, "(memberOf=cn=" + group + ",ou=groups,dc=example,dc=org)")
    return jsonify(count=len(res))


@app.get("/dept")
def dept():
    conn = current_ldap()
    # ruleid: flask-ldap-injection
    conn.search("ou={},dc=example,dc=org".format(request.args["dept"]), "(objectClass=person)")
    return jsonify(n=len(conn.entries))


@app.post("/bind")
def bind():
    # ruleid: flask-ldap-injection
    conn = ldap3.Connection(SERVER, user=f"uid={request.form['user']},{BASE}", password=request.form["password"])
    return jsonify(ok=conn.bind())


@app.post("/safe/login")
def safe_login():
    user = escape_filter_chars(request.form["user"])
    conn = ldap3.Connection(SERVER, "cn=reader,dc=example,dc=org", "secret", auto_bind=True)
    # ok: flask-ldap-injection
    conn.search(BASE, f"(uid={user})")
    return jsonify(ok=bool(conn.entries))


@app.get("/safe/groups/<group>")
def safe_group_members(group):
    l = ldap.initialize("ldap://ldap.example.org")
    flt = ldap.filter.filter_format("(memberOf=cn=%s,ou=groups,dc=example,dc=org)", [group])
    # ok: flask-ldap-injection
    res = l.search_s(BASE, ldap.SCOPE_SUBTREE, flt)
    return jsonify(count=len(res))


@app.get("/safe/grep")
def safe_grep():
    pattern = request.args.get("q", "")
    # ok: flask-ldap-injection
    found = re.search(re.escape(pattern), "a catalogue of names")
    return jsonify(found=bool(found))


@app.get("/safe/user/<int:uid>")
def safe_user(uid):
    conn = current_ldap()
    # ok: flask-ldap-injection
    conn.search(BASE, "(uidNumber=%d)" % int(uid))
    return jsonify(n=len(conn.entries))


def current_ldap():
    return ldap3.Connection(SERVER, auto_bind=True)
