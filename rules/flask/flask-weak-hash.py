import hashlib
import hashlib as hl
import hmac
from hashlib import md5

from Crypto.Hash import MD5
from flask import Blueprint, Flask, jsonify, request
from werkzeug.security import generate_password_hash

app = Flask(__name__)
api = Blueprint("api", __name__)


@app.route("/api-keys", methods=["POST"])
def store_api_key():
    h = hashlib.md5()
    # ruleid: flask-weak-hash
    h.update(request.form["api_key"].encode())
    save_key_digest(h.hexdigest())
    return "", 204


@api.get("/files/<name>/fingerprint")
def fingerprint(name):
    # ruleid: flask-weak-hash
    return jsonify(sha1=hl.sha1(name.encode()).hexdigest())


def sign(payload, secret_key):
    # ruleid: flask-weak-hash
    return md5(payload + secret_key).hexdigest()


def verify_reset(reset_token):
    algorithm = "SHA1"
    # ruleid: flask-weak-hash
    return hashlib.new(algorithm, reset_token.encode()).hexdigest()


@app.post("/upload")
def upload():
    blob = request.files["doc"].read()
    # ruleid: flask-weak-hash
    digest = MD5.new(blob).hexdigest()
    return jsonify(digest=digest)


@app.route("/session-check")
def session_check():
    sid = request.cookies.get("sid", "")
    h = hashlib.new("md5")
    # ruleid: flask-weak-hash
    h.update(sid.encode())
    return h.hexdigest()


@app.post("/safe/api-keys")
def safe_store_api_key():
    h = hashlib.sha256()
    # ok: flask-weak-hash
    h.update(request.form["api_key"].encode())
    save_key_digest(h.hexdigest())
    return "", 204


@app.get("/safe/etag")
def safe_etag():
    body = render_listing()
    # ok: flask-weak-hash
    etag = hashlib.md5(body.encode(), usedforsecurity=False).hexdigest()
    return body, 200, {"ETag": etag}


def safe_sign(payload, secret_key):
    # ok: flask-weak-hash
    return hmac.new(secret_key, payload, "sha256").hexdigest()


def cache_key(view_args):
    # ok: flask-weak-hash
    return hashlib.md5(repr(sorted(view_args.items())).encode()).hexdigest()


@app.get("/avatar")
def avatar():
    email = current_email()
    # ok: flask-weak-hash
    digest = hashlib.md5(email.strip().lower().encode()).hexdigest()
    return jsonify(url=f"https://www.gravatar.com/avatar/{digest}")


@app.post("/register")
def register():
    # ok: flask-weak-hash
    legacy = hashlib.md5(request.form["password"].encode()).hexdigest()
    save_key_digest(generate_password_hash(request.form["password"]) or legacy)
    return "", 201


def save_key_digest(value):
    pass


def render_listing():
    return "<ul></ul>"


def current_email():
    return "someone@example.com"
