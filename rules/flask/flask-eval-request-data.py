import ast
import builtins
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
    exec(
        # ruleid: flask-eval-request-data
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


@app.route("/rules", methods=["POST"])
def apply_rules():
    rules = req.get_json()["rules"]
    checks = []
    for rule in rules:
        checks.append("(%s)" % rule["expr"])
    source = " and ".join(checks) or "True"
    # ruleid: flask-eval-request-data
    code = compile(source, "<rules>", "eval")
    # ruleid: flask-eval-request-data
    return jsonify(eval(code, {"__builtins__": {}}))


@app.route("/hook/<name>", methods=["POST"])
def hook(name):
    if name == "noop":
        body = "pass"
    else:
        body = f"result = handlers.{name}(payload)"
    env = {"payload": req.get_json(), "handlers": None}
    # ruleid: flask-eval-request-data
    builtins.exec(body, env)
    return jsonify(env.get("result"))


@app.route("/safe/scale")
def safe_scale():
    factor = float(req.args.get("factor", "1"))
    # ok: flask-eval-request-data
    scaled = eval(f"{factor} * 10")
    op = req.args.get("op", "+")
    op = "+"
    # ok: flask-eval-request-data
    total = eval("1 " + op + " 2", {"x": req.args.get("x")})
    return jsonify(scaled, total)


@app.route("/safe/power")
def safe_power():
    exponent = req.args.get("exp", 2, type=int)
    # ok: flask-eval-request-data
    return jsonify(eval("2 ** %d" % exponent))


@app.route("/evaluate/<int:report_id>")
def evaluate(report_id):
    # a stored formula picked by the request is not trusted either
    report = SavedReport.query.filter_by(id=report_id).first_or_404()
    # ruleid: flask-eval-request-data
    return jsonify(eval(report.formula, {"__builtins__": {}}))


class SavedReport:
    query = None


@app.route("/calc/constant-branch")
def calc_constant_branch():
    param = req.args.get("expr", "1+1")
    guess = "ABC"
    if "B" in guess and guess[0] == "A":
        expr = "2+2"
    else:
        expr = param
    # ruleid: flask-eval-request-data
    return str(eval(expr))  # precise-ok: flask-eval-request-data


# precise_containers/propagation/functions: what Semgrep misses and they find
# (precise-ruleid)
import io  # noqa: E402


def run_hook(source):
    # ok: flask-eval-request-data
    return eval(source)  # precise-ruleid: flask-eval-request-data


@app.route("/hooks/run", methods=["POST"])
def hooks_run():
    return jsonify(result=run_hook(req.form["hook"]))


@app.route("/expr/tail")
def expr_tail():
    expr = req.args.get("expr", "")
    body = expr[5:]
    # ok: flask-eval-request-data
    return str(eval(body))  # precise-ruleid: flask-eval-request-data


@app.route("/expr/buffered", methods=["POST"])
def expr_buffered():
    buf = io.StringIO()
    buf.write(req.form["expr"])
    # ok: flask-eval-request-data
    return str(eval(buf.getvalue()))  # precise-ruleid: flask-eval-request-data
