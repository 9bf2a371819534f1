import base64
import marshal
import pickle
import pickle as pkl
from pickle import loads

from flask import Flask, jsonify, make_response, request

app = Flask(__name__)


@app.route("/restore", methods=["POST"])
def restore():
    # ruleid: flask-insecure-deserialization
    state = pickle.loads(request.data)
    return jsonify(state)


@app.route("/cart")
def cart():
    raw = request.cookies.get("cart", "")
    # ruleid: flask-insecure-deserialization
    items = loads(base64.b64decode(raw))
    return jsonify(items)


@app.route("/import", methods=["POST"])
def import_model():
    upload = request.files["model"]
    # ruleid: flask-insecure-deserialization
    model = pkl.load(
        upload.stream,
    )
    return jsonify(type(model).__name__)


@app.route("/code", methods=["POST"])
def load_code():
    # ruleid: flask-insecure-deserialization
    code = marshal.loads(base64.b64decode(request.form["blob"]))
    return str(code)


@app.route("/state/<blob>")
def state_from_url(blob):
    # ruleid: flask-insecure-deserialization
    return jsonify(pickle.loads(base64.urlsafe_b64decode(blob)))


@app.route("/safe/restore", methods=["POST"])
def safe_restore():
    # ok: flask-insecure-deserialization
    state = request.get_json(force=True)
    return jsonify(state)


@app.route("/safe/cache")
def safe_cache():
    with open("/var/cache/app/index.pkl", "rb") as fh:
        # ok: flask-insecure-deserialization
        index = pickle.load(fh)
    resp = make_response(jsonify(len(index)))
    # ok: flask-insecure-deserialization
    resp.headers["X-Cache"] = pickle.dumps(request.args.get("k")).hex()
    return resp
