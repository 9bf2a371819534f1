import sqlite3
from flask import Flask, request, g
from flask import request as rq

app = Flask(__name__)


@app.route("/assign")
def assign():
    name = request.args["q"]
    sql = "SELECT * FROM t WHERE n = '" + name + "'"
    # ruleid: flask-sqli-flow
    g.db.execute(sql)


@app.route("/augassign")
def augassign():
    sql = "SELECT * FROM t WHERE 1=1"
    sql += " AND n = '%s'" % rq.values.get("n")
    # ruleid: flask-sqli-flow
    g.db.execute(sql)


@app.route("/unpack")
def unpack():
    a, b = request.json["a"], 1
    # ruleid: flask-sqli-flow
    g.db.execute("SELECT {}".format(a))


@app.route("/container")
def container():
    params = {"who": request.cookies.get("who")}
    q = f"SELECT * FROM u WHERE name = '{params['who']}'"
    # ruleid: flask-sqli-flow
    g.db.execute(q)


@app.route("/call")
def call():
    raw = request.get_json()
    cleaned = raw.get("name").strip().lower()
    # ruleid: flask-sqli-flow
    g.db.execute("DELETE FROM u WHERE n = '" + cleaned + "'")


@app.route("/loop")
def loop():
    for item in request.args.getlist("id"):
        # ruleid: flask-sqli-flow
        g.db.execute("SELECT * FROM t WHERE id = " + item)


@app.route("/branch")
def branch():
    if request.args.get("fast"):
        col = "id"
    else:
        col = request.args["sort"]
    # ruleid: flask-sqli-flow
    g.db.execute("SELECT * FROM t ORDER BY " + col)


@app.route("/user/<user_id>")
def route_param(user_id):
    query = "SELECT * FROM users WHERE id = %s" % user_id
    # ruleid: flask-sqli-flow
    g.db.execute(query)


@app.route("/attr")
def attr():
    ctx = Ctx()
    ctx.term = request.form["term"]
    # ruleid: flask-sqli-flow
    g.db.execute("SELECT * FROM t WHERE x LIKE '%" + ctx.term + "%'")


@app.route("/sanitized")
def sanitized():
    n = int(request.args["n"])
    # ok: flask-sqli-flow
    g.db.execute("SELECT * FROM t LIMIT %d" % n)


@app.route("/reassigned")
def reassigned():
    sort = request.args.get("sort")
    sort = "name"
    # ok: flask-sqli-flow
    g.db.execute("SELECT * FROM t ORDER BY " + sort)


@app.route("/parameterised")
def parameterised():
    name = request.args["name"]
    # ok: flask-sqli-flow
    g.db.execute("SELECT * FROM t WHERE n = ?", (name,))


@app.route("/before")
def before():
    # ok: flask-sqli-flow
    g.db.execute(query_text)
    query_text = request.args["q"]


def not_a_view(user_id):
    # ok: flask-sqli-flow
    g.db.execute("SELECT * FROM users WHERE id = %s" % user_id)


@app.route("/walrus")
def walrus():
    if (term := request.args.get("term")):
        # ruleid: flask-sqli-flow
        g.db.execute("SELECT * FROM t WHERE x = '" + term + "'")


@app.route("/alias")
def alias():
    holder = Ctx()
    holder.value = request.cookies["c"]
    other = holder
    # ruleid: flask-sqli-flow
    g.db.execute("SELECT " + other.value)


@app.route("/comprehension")
def comprehension():
    ids = [int(i) for i in request.args.getlist("id")]
    # ok: flask-sqli-flow
    g.db.execute("SELECT * FROM t WHERE id IN (%s)" % ",".join(str(i) for i in ids))
