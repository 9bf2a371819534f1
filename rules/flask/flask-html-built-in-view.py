from flask import Blueprint, Flask, Response, jsonify, make_response, render_template
from flask import request as req
from flask import abort
from markupsafe import escape

app = Flask(__name__)
bp = Blueprint("search", __name__)


@app.route("/hello")
def hello():
    name = req.args.get("name", "world")
    # ruleid: flask-html-built-in-view
    return f"<h1>Hello, {name}!</h1>"


@bp.route("/search")
def search():
    q = req.args.get("q", "")
    # ruleid: flask-html-built-in-view
    return "<p>No results for <b>%s</b></p>" % q, 404


@app.route("/user/<username>")
def profile(username):
    resp = make_response(
        # ruleid: flask-html-built-in-view
        "<div class='profile'>" + username + "</div>",
        200,
    )
    resp.headers["X-Frame-Options"] = "DENY"
    return resp


@app.post("/comments")
def comments():
    html = "<ul>"
    for c in req.form.getlist("comment"):
        html += "<li>{}</li>".format(c)
    html += "</ul>"
    # ruleid: flask-html-built-in-view
    return html


@app.route("/safe/hello")
def safe_hello():
    name = req.args.get("name", "world")
    # ok: flask-html-built-in-view
    return f"<h1>Hello, {escape(name)}!</h1>"


@app.route("/safe/template")
def safe_template():
    # ok: flask-html-built-in-view
    return render_template("search.html", q=req.args.get("q", ""))


@app.route("/plain")
def plain():
    # ruleid: flask-html-built-in-view
    return "Hello %s" % req.args.get("name", "world")


@app.route("/echo/<word>")
def echo(word):
    # ruleid: flask-html-built-in-view
    return word


@app.post("/raw")
def raw():
    # ruleid: flask-html-built-in-view
    return Response(req.get_data(as_text=True))


@app.route("/shout")
def shout():
    # ruleid: flask-html-built-in-view
    return str(req.args["text"]).upper()


@app.route("/safe/json")
def safe_json():
    # ok: flask-html-built-in-view
    return {"message": "Hello %s" % req.args.get("name", "world")}


@app.route("/safe/header")
def safe_header():
    # ok: flask-html-built-in-view
    return "saved", 201, {"X-Item-Name": req.args.get("name", "")}


@app.route("/safe/text")
def safe_text():
    # ok: flask-html-built-in-view
    return Response(req.args.get("q", ""), mimetype="text/plain")


@app.route("/safe/api")
def safe_api():
    resp = jsonify(query=req.args.get("q", ""))
    # ok: flask-html-built-in-view
    return resp


@app.route("/safe/static")
def safe_static():
    # ok: flask-html-built-in-view
    return "<h1>" + "Maintenance" + "</h1>"


@app.route("/api/echo")
def api_echo():
    # ok: flask-html-built-in-view
    return jsonify(message="<b>%s</b>" % req.args.get("m", ""))


@app.route("/safe/flash")
def safe_flash():
    notice = "<b>%s</b> was saved" % req.args.get("title", "")
    # ok: flask-html-built-in-view
    return render_template("saved.html", notice=notice)


@app.route("/safe/context")
def safe_context():
    # ok: flask-html-built-in-view
    return render_template("saved.html", notice="<b>{}</b>".format(req.args["t"]))


def not_a_view(name):
    # ok: flask-html-built-in-view
    return f"<td>{name}</td>"


@app.route("/table")
def table():
    rows = []
    for key, value in req.args.items():
        rows.append(f"<tr><td>{key}</td><td>{value}</td></tr>")
    page = "<table>" + "".join(rows) + "</table>"
    # ruleid: flask-html-built-in-view
    return page


@app.get("/greet/<name>")
def greet(name):
    if req.args.get("formal"):
        salutation = "Dear " + name
    else:
        salutation = "Hi " + name
    # ruleid: flask-html-built-in-view
    return "<p>{}</p>".format(salutation)


@app.errorhandler(404)
@app.route("/missing")
def missing(e=None):
    ctx = {"path": req.path}
    # ruleid: flask-html-built-in-view
    return "<h1>Not found</h1><p>%(path)s does not exist</p>" % ctx, 404


@app.route("/safe/item/<item_id>")
def safe_item(item_id):
    number = int(item_id)
    # ok: flask-html-built-in-view
    return f"<h1>Item #{number}</h1>"


@app.route("/safe/notes")
def safe_notes():
    html = "<ul>"
    for note in req.args.getlist("note"):
        html += "<li>%s</li>" % escape(note)
    html += "</ul>"
    # ok: flask-html-built-in-view
    return html


@app.route("/safe/banner")
def safe_banner():
    text = req.args.get("text", "")
    text = "Welcome"
    # ok: flask-html-built-in-view
    return "<div class='banner'>" + text + "</div>"


@app.route("/safe/user/<int:user_id>")
def safe_user(user_id):
    user = User.query.get_or_404(user_id)
    page = req.args.get("page", 1, type=int)
    # ok: flask-html-built-in-view
    return f"<h1>{user.id}</h1><p>page {page}</p>"


@app.route("/safe/debug")
def safe_debug():
    text = ""
    for key, value in req.headers.items():
        text += f"{key}: {value}\n"
    # ok: flask-html-built-in-view
    resp = make_response(text)
    resp.mimetype = "text/plain"
    return resp


@app.route("/toggle")
def toggle():
    state = req.args.get("state", "")
    # ruleid: flask-html-built-in-view
    return f"<b>{state}</b>" if state else "off"


@app.route("/safe/check")
def safe_check():
    token = req.args.get("token", "")
    # ok: flask-html-built-in-view
    return ("valid", 200) if token == "expected" else ("invalid", 403)


@app.post("/safe/shelf/<int:shelf_id>/<int:book_id>")
def safe_shelf(shelf_id, book_id):
    shelf = db_session.query(Shelf).filter(Shelf.id == shelf_id).first()
    if shelf is None:
        # ok: flask-html-built-in-view
        return "%s is not a valid book id" % book_id, 400
    # ok: flask-html-built-in-view
    return "Book is already on the shelf: %s" % shelf.name, 400


@app.route("/shelf/<int:shelf_id>/<label>")
def shelf_label(shelf_id, label):
    # ruleid: flask-html-built-in-view
    return f"Shelf {shelf_id}: {label}"


@app.route("/plugin/<name>")
def plugin(name):
    result = call_hook("url_request", plugin=name, values=req.values)
    if not result:
        return "not found", 404
    # ok: flask-html-built-in-view
    return result


@app.route("/greeting")
def greeting():
    who = req.args.get("who", "")
    # ruleid: flask-html-built-in-view
    return who


@app.route("/status")
def status():
    if req.args.get("verbose"):
        text = "Status of " + req.args["service"]
    else:
        text = "ok"
    # ruleid: flask-html-built-in-view
    return text


@app.route("/proxy/<path:subpath>")
def proxy(subpath):
    try:
        resp = forward_to_backend(subpath, req.get_data())
    except OSError as e:
        abort(502)
    # ok: flask-html-built-in-view
    return resp.content, resp.status_code, resp.headers.items()


def forward_to_backend(path, body):
    return None


@app.route("/safe/cors")
def safe_cors():
    resp = jsonify(ok=True)
    resp.headers["Access-Control-Allow-Origin"] = req.headers.get("Origin", "")
    # ok: flask-html-built-in-view
    return resp


def call_hook(*args, **kwargs):
    return None


db_session = None
Shelf = None


class User:
    query = None
