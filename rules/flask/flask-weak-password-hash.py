import hashlib
import hashlib as hl
from hashlib import sha1

import bcrypt
from flask import Flask, request
from werkzeug.security import check_password_hash, generate_password_hash

app = Flask(__name__)


@app.route("/register", methods=["POST"])
def register():
    password = request.form["password"]
    # ruleid: flask-weak-password-hash
    pw_hash = hashlib.md5(password.encode()).hexdigest()
    save_user(request.form["username"], pw_hash)
    return "created", 201


@app.route("/login", methods=["POST"])
def login():
    user = find_user(request.form["username"])
    # ruleid: flask-weak-password-hash
    digest = sha1(
        request.form["password"].encode("utf-8")
    ).hexdigest()
    return ("ok", 200) if user and user.pw == digest else ("no", 401)


def hash_pw(user_pwd, salt):
    h = hl.sha256()
    h.update(salt)
    # ruleid: flask-weak-password-hash
    h.update(user_pwd.encode())
    return h.hexdigest()


def legacy(new_password):
    # ruleid: flask-weak-password-hash
    return hashlib.new("md5", new_password.encode()).hexdigest()


@app.route("/safe/register", methods=["POST"])
def safe_register():
    # ok: flask-weak-password-hash
    pw_hash = generate_password_hash(request.form["password"])
    # ok: flask-weak-password-hash
    other = bcrypt.hashpw(request.form["password"].encode(), bcrypt.gensalt())
    save_user(request.form["username"], pw_hash or other)
    return "created", 201


def etag(body):
    # ok: flask-weak-password-hash
    return hashlib.md5(body).hexdigest()


def reset_link(reset_password_token):
    # ok: flask-weak-password-hash
    return hashlib.sha256(reset_password_token.encode()).hexdigest()


def save_user(name, pw_hash):
    pass


def find_user(name):
    return None


class User:
    def get_id(self):
        # ok: flask-weak-password-hash
        identity = hashlib.md5(
            "{},{}".format(self.email, self.password_hash).encode(), usedforsecurity=False
        ).hexdigest()
        return identity
