import elementpath
import xml.etree.ElementTree as ET
from lxml import etree

from flask import Blueprint, Flask, abort, jsonify, request

app = Flask(__name__)
bp = Blueprint("directory", __name__)
USERS = etree.parse("users.xml")


@app.route("/login", methods=["POST"])
def login():
    name = request.form["name"]
    password = request.form["password"]
    # ruleid: flask-xpath-injection
    found = USERS.xpath(f"//user[@name='{name}' and @password='{password}']")
    return jsonify(ok=bool(found))


@bp.get("/people/<dept>")
def people(dept):
    query = "/company/dept[@id='" + dept + "']/person/text()"
    # ruleid: flask-xpath-injection
    finder = etree.XPath(query)
    return jsonify(names=[str(n) for n in finder(USERS)])


@app.get("/search")
def search():
    evaluator = etree.XPathEvaluator(USERS)
    # ruleid: flask-xpath-injection
    hits = evaluator("//user[contains(@email, '%s')]" % request.args.get("q", ""))
    return jsonify(count=len(hits))


@app.get("/catalog")
def catalog():
    root = ET.parse("catalog.xml").getroot()
    title = request.args["title"]
    # ruleid: flask-xpath-injection
    book = root.find(f".//book[@title='{title}']")
    return jsonify(found=book is not None)


@app.get("/select")
def select():
    root = ET.parse("catalog.xml").getroot()
    # ruleid: flask-xpath-injection
    hits = elementpath.select(root, "//book[author='{}']".format(request.args["author"]))
    return jsonify(count=len(hits))


@app.route("/safe/login", methods=["POST"])
def safe_login():
    # ok: flask-xpath-injection
    found = USERS.xpath(
        "//user[@name=$name and @password=$pw]",
        name=request.form["name"],
        pw=request.form["password"],
    )
    return jsonify(ok=bool(found))


@app.get("/safe/page")
def safe_page():
    page = request.args.get("page", 1, type=int)
    # ok: flask-xpath-injection
    items = USERS.xpath(f"//user[{page}]")
    return jsonify(items=len(items))


@app.get("/safe/catalog")
def safe_catalog():
    root = ET.parse("catalog.xml").getroot()
    title = request.args["title"]
    # ok: flask-xpath-injection
    books = [b for b in root.findall(".//book") if b.get("title") == title]
    return jsonify(found=len(books))


@app.get("/safe/text")
def safe_text():
    needle = request.args.get("q", "")
    if not needle:
        abort(400)
    # ok: flask-xpath-injection
    return jsonify(at="Some catalogue text".find(needle))
