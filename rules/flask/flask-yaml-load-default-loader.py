import yaml
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/config", methods=["PUT"])
def put_config():
    # ruleid: flask-yaml-load-default-loader
    cfg = yaml.load(request.data)
    return jsonify(cfg)


@app.route("/import", methods=["POST"])
def import_yaml():
    body = request.files["doc"].read()
    # ruleid: flask-yaml-load-default-loader
    doc = yaml.unsafe_load(body)
    return jsonify(doc)


def load_settings(path):
    with open(path) as fh:
        # ruleid: flask-yaml-load-default-loader
        return yaml.full_load(
            fh
        )


@app.route("/safe/config", methods=["PUT"])
def safe_put_config():
    # ok: flask-yaml-load-default-loader
    cfg = yaml.safe_load(request.data)
    # ok: flask-yaml-load-default-loader
    other = yaml.load(request.data, Loader=yaml.SafeLoader)
    return jsonify(cfg, other)
