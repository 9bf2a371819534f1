import base64
import io
import marshal
import pickle
import pickle as pkl
import zlib
from pickle import loads

import jsonpickle
import pandas as pd
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
    model = pkl.load(
        # ruleid: flask-insecure-deserialization
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


@app.route("/sync", methods=["POST"])
def sync():
    blobs = []
    for part in request.form.getlist("chunk"):
        blobs.append(base64.b64decode(part))
    payload = zlib.decompress(b"".join(blobs))
    # ruleid: flask-insecure-deserialization
    return jsonify(pickle.loads(payload))


@app.route("/frame", methods=["POST"])
def frame():
    if request.headers.get("Content-Encoding") == "gzip":
        buf = io.BytesIO(zlib.decompress(request.get_data()))
    else:
        buf = io.BytesIO(request.stream.read())
    # ruleid: flask-insecure-deserialization
    df = pd.read_pickle(buf)
    return df.to_json()


@app.route("/prefs")
def prefs():
    cookies = {"prefs": request.cookies.get("prefs", "{}")}
    # ruleid: flask-insecure-deserialization
    return jsonify(jsonpickle.decode(cookies["prefs"]))


@app.route("/safe/defaults")
def safe_defaults():
    raw = request.cookies.get("defaults")
    raw = base64.b64encode(pickle.dumps({"theme": "light"}))
    # ok: flask-insecure-deserialization
    defaults = pickle.loads(base64.b64decode(raw))
    with open("/var/cache/app/defaults.pkl", "rb") as fh:
        # ok: flask-insecure-deserialization
        defaults.update(pickle.load(fh, encoding=request.args.get("enc", "ASCII")))
    return jsonify(defaults)


@app.route("/snapshot/<int:snap_id>")
def snapshot(snap_id):
    # a stored pickle picked by the request is not trusted either
    snap = Snapshot.query.get_or_404(snap_id)
    # ruleid: flask-insecure-deserialization
    return jsonify(pickle.loads(snap.blob))


class Snapshot:
    query = None
