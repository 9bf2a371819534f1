import sqlite3 as lite
import uuid

import pandas

from flask import Flask, g, jsonify, request as req
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import create_engine, select, text

app = Flask(__name__)
db = SQLAlchemy(app)
engine = create_engine("sqlite:///app.db")


class User(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(80))


def get_db():
    if "db" not in g:
        g.db = lite.connect("app.db")
    return g.db


@app.route("/users/search")
def search():
    name = req.args.get("name", "")
    cur = get_db().cursor()
    # ruleid: flask-sql-string-building
    cur.execute("SELECT id, name FROM users WHERE name = '%s'" % name)
    return jsonify(cur.fetchall())


@app.route("/users/by-email")
def by_email():
    email = req.args["email"]
    rows = get_db().execute(
        # ruleid: flask-sql-string-building
        "SELECT * FROM users WHERE email = '{}'".format(email)
    ).fetchall()
    return jsonify(rows)


@app.route("/users/<uid>")
def user(uid):
    # ruleid: flask-sql-string-building
    row = db.session.execute(text(f"SELECT * FROM users WHERE id = {uid}")).first()
    return jsonify(dict(row._mapping))


@app.route("/orders")
def orders():
    status = req.args.get("status")
    sql = "SELECT * FROM orders WHERE status = '" + status + "'"
    app.logger.info("running %s", sql)
    with engine.connect() as conn:
        # ruleid: flask-sql-string-building
        result = conn.execute(text(sql))
        return jsonify([dict(r._mapping) for r in result])


@app.route("/report")
def report():
    order = req.args.get("order", "id")
    query = f"SELECT * FROM report ORDER BY {order}"
    cur = get_db().cursor()
    # ruleid: flask-sql-string-building
    cur.execute(query)
    return jsonify(cur.fetchall())


@app.route("/tags")
def tags():
    tpl = "SELECT * FROM tags WHERE label LIKE '%s'"
    # ruleid: flask-sql-string-building
    rows = get_db().execute(tpl % req.args["q"]).fetchall()
    return jsonify(rows)


@app.route("/safe/search")
def safe_search():
    name = req.args.get("name", "")
    cur = get_db().cursor()
    # ok: flask-sql-string-building
    cur.execute("SELECT id, name FROM users WHERE name = ?", (name,))
    return jsonify(cur.fetchall())


@app.route("/safe/orm")
def safe_orm():
    # ok: flask-sql-string-building
    users = User.query.filter_by(name=req.args.get("name")).all()
    return jsonify([u.id for u in users])


@app.route("/safe/text")
def safe_text():
    stmt = text("SELECT * FROM users WHERE id = :id")
    # ok: flask-sql-string-building
    row = db.session.execute(stmt, {"id": req.args["id"]}).first()
    # ok: flask-sql-string-building
    db.session.execute(
        text("UPDATE users SET name = :n WHERE id = :id"),
        {"n": req.form["name"], "id": req.form["id"]},
    )
    return jsonify(row is not None)


@app.route("/safe/log")
def safe_log():
    msg = "lookup for %s" % req.args.get("name")
    cur = get_db().cursor()
    # ok: flask-sql-string-building
    cur.execute("SELECT * FROM audit WHERE note = ?", (msg,))
    return "ok"


def query_db(query, args=(), one=False):
    cur = get_db().execute(query, args)
    rv = cur.fetchall()
    return (rv[0] if rv else None) if one else rv


@app.route("/login", methods=["POST"])
def login():
    username = req.form["username"]
    sql = "SELECT * FROM users WHERE username = '%s' AND active = 1" % username
    # ruleid: flask-sql-string-building
    user = query_db(sql, one=True)
    # ruleid: flask-sql-string-building
    query_db(f"UPDATE users SET last_login = CURRENT_TIMESTAMP WHERE name = '{username}'")
    # ok: flask-sql-string-building
    app.logger.info("SELECT * FROM users WHERE username = '%s'" % username)
    # ok: flask-sql-string-building
    query_db("SELECT * FROM users WHERE username = ?", (username,))
    return jsonify(user is not None)


@app.route("/notice")
def notice():
    # ok: flask-sql-string-building
    return jsonify(message("Select a plan from the list, %s" % req.args.get("name")))


def message(text):
    return text


@app.route("/products")
def products():
    category = req.args.get("category")
    if category:
        where = f"WHERE category = '{category}'"
    else:
        where = ""
    sql = "SELECT * FROM products " + where
    # ruleid: flask-sql-string-building
    rows = get_db().execute(sql).fetchall()
    return jsonify(rows)


@app.route("/products/filter", methods=["POST"])
def product_filter():
    clauses = []
    for field, value in req.get_json().items():
        clauses.append("%s = '%s'" % (field, value))
    sql = "SELECT * FROM products WHERE " + " AND ".join(clauses)
    # ruleid: flask-sql-string-building
    return jsonify(get_db().execute(sql).fetchall())


@app.route("/products/bulk-delete", methods=["POST"])
def bulk_delete():
    cur = get_db().cursor()
    for pid in req.form.getlist("id"):
        # ruleid: flask-sql-string-building
        cur.execute("DELETE FROM products WHERE id = " + pid)
    return "ok"


@app.route("/products/sorted")
def sorted_products():
    opts = {"col": req.cookies.get("sort", "id")}
    # ruleid: flask-sql-string-building
    frame = pandas.read_sql("SELECT * FROM products ORDER BY %(col)s" % opts, engine)
    return frame.to_json()


@app.route("/products/<pid>/stock", methods=["POST"])
def set_stock(pid):
    amount = req.headers.get("X-Amount")
    cur = get_db().cursor()
    # ruleid: flask-sql-string-building
    cur.executescript("UPDATE products SET stock = {} WHERE id = {};".format(amount, pid))
    return "ok"


@app.route("/products/<pid>/price")
def price(pid):
    # ruleid: flask-sql-string-building
    stmt = db.text("SELECT price FROM products WHERE id = " + pid)
    # ruleid: flask-sql-string-building
    return jsonify(db.session.execute(stmt).scalar())


@app.route("/safe/products/<pid>")
def safe_product(pid):
    cur = get_db().cursor()
    # ok: flask-sql-string-building
    cur.execute("SELECT * FROM products WHERE id = %d" % int(pid))
    limit = float(req.args.get("limit", "10"))
    # ok: flask-sql-string-building
    cur.execute(f"SELECT * FROM products LIMIT {limit}")
    token = uuid.UUID(req.args["token"])
    # ok: flask-sql-string-building
    cur.execute("SELECT * FROM carts WHERE token = '%s'" % token)
    return jsonify(cur.fetchall())


@app.route("/safe/products/sorted")
def safe_sorted():
    col = req.args.get("sort", "id")
    if col not in ("id", "name", "price"):
        col = "id"
    order = "id"
    order = "name" if order == "id" else "price"
    # ok: flask-sql-string-building
    rows = get_db().execute("SELECT * FROM products ORDER BY " + order).fetchall()
    col = "price"
    # ok: flask-sql-string-building
    rows += get_db().execute(f"SELECT * FROM products ORDER BY {col}").fetchall()
    return jsonify(rows)


@app.route("/safe/products/many", methods=["POST"])
def safe_many():
    rows = [(r["name"], r["price"]) for r in req.get_json()]
    cur = get_db().cursor()
    # ok: flask-sql-string-building
    cur.executemany("INSERT INTO products (name, price) VALUES (?, ?)", rows)
    # ok: flask-sql-string-building
    cur.execute(sql="SELECT * FROM products WHERE name = ?", parameters=(rows[0][0],))
    return "ok"


@app.route("/by-year")
def by_year():
    year = req.args.get("year", 2024, type=int)
    sql = "SELECT SUM(total) FROM orders WHERE strftime('%Y', created) = '" + str(year) + "'"
    # ok: flask-sql-string-building
    return jsonify(get_db().execute(sql).fetchone()[0])


@app.route("/topics/move", methods=["POST"])
def move_topics():
    ids = req.form.getlist("rowid")
    # ok: flask-sql-string-building
    topics = db.session.execute(select(Topic).where(Topic.id.in_(ids))).scalars().all()
    stmt = select(Topic).filter_by(id=req.view_args["topic_id"])
    # ok: flask-sql-string-building
    first = db.session.execute(stmt).scalar()
    return jsonify(n=len(topics), first=first is not None)


@app.route("/topics/sorted")
def sorted_topics():
    sort = req.args.get("sort", "id")
    order = req.args.get("order", "asc")
    if sort not in ("id", "title", "created"):
        sort = "id"
    if not order in ["asc", "desc"]:
        order = "asc"
    # ok: flask-sql-string-building
    rows = db.session.execute(text("SELECT * FROM topic ORDER BY " + sort + " " + order)).all()
    return jsonify(n=len(rows))


@app.route("/topics/where")
def topics_where():
    title = req.args["title"]
    # ruleid: flask-sql-string-building
    rows = db.session.execute(select(Topic).where(text(f"title = '{title}'"))).all()
    return jsonify(n=len(rows))


class Topic:
    id = None


@app.route("/users/constant-branch")
def constant_branch():
    param = req.args.get("name", "")
    num = 86
    if (7 * 42) - num > 200:
        name = "guest"
    else:
        name = param
    cur = get_db().cursor()
    # ruleid: flask-sql-string-building
    cur.execute("SELECT id FROM users WHERE name = '%s'" % name)  # precise-ok: flask-sql-string-building
    return jsonify(cur.fetchall())


@app.route("/users/live-branch")
def live_branch():
    param = req.args.get("name", "")
    num = 86
    if (7 * 42) - num > 300:
        name = "guest"
    else:
        name = param
    cur = get_db().cursor()
    # ruleid: flask-sql-string-building
    cur.execute("SELECT id FROM users WHERE name = '%s'" % name)
    return jsonify(cur.fetchall())



# precise_containers/propagation/functions: what Semgrep reports and they do
# not (precise-ok), and what it misses and they find (precise-ruleid)
def as_number(value):
    return int(value)


def where_clause(condition):
    cur = get_db().cursor()
    # ok: flask-sql-string-building
    cur.execute("SELECT * FROM product WHERE " + condition)  # precise-ruleid: flask-sql-string-building
    return cur.fetchall()


@app.route("/products/page")
def products_page():
    page = req.args.get("page", "1")
    cur = get_db().cursor()
    # ruleid: flask-sql-string-building
    cur.execute("SELECT * FROM product LIMIT 20 OFFSET %s" % as_number(page))  # precise-ok: flask-sql-string-building
    return "ok"


@app.route("/products/by-name")
def products_by_name():
    condition = "name = '" + req.args["name"] + "'"
    return jsonify(n=len(where_clause(condition)))


@app.route("/products/columns")
def product_columns():
    columns = {"name": "name", "price": req.args.get("price_col")}
    cur = get_db().cursor()
    # ruleid: flask-sql-string-building
    cur.execute("SELECT " + columns["name"] + " FROM product")  # precise-ok: flask-sql-string-building
    # ruleid: flask-sql-string-building
    cur.execute("SELECT " + columns["price"] + " FROM product")
    return "ok"


@app.route("/products/prefix")
def product_prefix():
    prefix = req.args["q"][:10]
    cur = get_db().cursor()
    # ok: flask-sql-string-building
    cur.execute("SELECT * FROM product WHERE name LIKE '" + prefix + "%'")  # precise-ruleid: flask-sql-string-building
    return "ok"

class Topic:
    id = None
