import os

import yaml
import yaml as y
from flask import Flask, jsonify, request
from yaml import FullLoader, Loader

app = Flask(__name__)


@app.route("/pipeline", methods=["POST"])
def pipeline():
    # ruleid: flask-yaml-unsafe-loader
    spec = yaml.load(request.data, Loader=yaml.Loader)
    return jsonify(spec)


@app.route("/pipeline/positional", methods=["POST"])
def pipeline_positional():
    # ruleid: flask-yaml-unsafe-loader
    spec = y.load(request.get_data(), FullLoader)
    return jsonify(spec)


@app.route("/bulk", methods=["POST"])
def bulk():
    # ruleid: flask-yaml-unsafe-loader
    docs = list(yaml.load_all(
        request.files["f"].stream,
        Loader=Loader,
    ))
    return jsonify(len(docs))


@app.route("/bulk/default", methods=["POST"])
def bulk_default():
    # ruleid: flask-yaml-unsafe-loader
    return jsonify(list(yaml.load_all(request.data)))


@app.route("/safe/pipeline", methods=["POST"])
def safe_pipeline():
    # ok: flask-yaml-unsafe-loader
    spec = yaml.load(request.data, Loader=yaml.SafeLoader)
    # ok: flask-yaml-unsafe-loader
    docs = list(yaml.safe_load_all(request.data))
    # ok: flask-yaml-unsafe-loader
    fast = yaml.load(request.data, Loader=yaml.CSafeLoader)
    return jsonify(spec, docs, fast)


def load_spec():
    spec_path = os.path.join(app.root_path, "swagger-spec.yaml")
    with open(spec_path) as fh:
        # ok: flask-yaml-unsafe-loader
        return yaml.load(fh.read(), Loader=yaml.Loader)
