import ast
import json

import flask
from flask import Flask, jsonify, request as req

app = Flask(__name__)
api = flask.Blueprint("api", __name__)


@app.route("/calc")
def calc():
    # ruleid: flask-eval-request-data
    return str(eval(req.args.get("expr", "1+1")))


@app.route("/run", methods=["POST"])
def run_snippet():
    code = flask.request.get_json()["code"]
    scope = {}
    # ruleid: flask-eval-request-data
    exec(
        code,
        scope,
    )
    return jsonify(scope.get("result"))


@api.get("/filter/<expr>")
def filter_items(expr):
    items = [1, 2, 3, 4]
    # ruleid: flask-eval-request-data
    return jsonify([i for i in items if eval(expr, {"i": i})])


@app.route("/settings", methods=["POST"])
def settings():
    raw = req.form["value"].strip()
    # ruleid: flask-eval-request-data
    value = eval("dict(" + raw + ")")
    return jsonify(value)


@app.route("/safe/calc")
def safe_calc():
    # ok: flask-eval-request-data
    return str(ast.literal_eval(req.args.get("expr", "0")))


@app.route("/safe/json", methods=["POST"])
def safe_json():
    # ok: flask-eval-request-data
    payload = json.loads(req.data)
    # ok: flask-eval-request-data
    limit = eval("10 * 10")
    return jsonify(payload, limit)
