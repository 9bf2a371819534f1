import random
import secrets
import string
from random import choice, randint

from flask import Flask, jsonify, session

app = Flask(__name__)
ALPHABET = string.ascii_letters + string.digits


@app.route("/reset", methods=["POST"])
def reset_password():
    # ruleid: flask-insecure-random-secret
    token = "".join(random.choice(ALPHABET) for _ in range(32))
    return jsonify(link=f"/reset/{token}")


@app.route("/otp", methods=["POST"])
def send_otp():
    # ruleid: flask-insecure-random-secret
    otp = randint(100000, 999999)
    session["otp_code"] = otp
    return jsonify(sent=True)


def generate_api_key():
    # ruleid: flask-insecure-random-secret
    return "%032x" % random.getrandbits(128)


class Account:
    def new_password(self):
        # ruleid: flask-insecure-random-secret
        self.temp_password = "".join(choice(ALPHABET) for _ in range(12))


@app.route("/shuffle")
def shuffle_cards():
    # ok: flask-insecure-random-secret
    cards = random.sample(range(52), 5)
    return jsonify(cards=cards)


@app.route("/reset-ok", methods=["POST"])
def reset_password_ok():
    # ok: flask-insecure-random-secret
    token = secrets.token_urlsafe(32)
    return jsonify(link=f"/reset/{token}")


def system_token():
    # ok: flask-insecure-random-secret
    token = "".join(random.SystemRandom().choice(ALPHABET) for _ in range(32))
    return token


@app.route("/remember", methods=["POST"])
def remember_me():
    # ruleid: flask-insecure-random-secret
    num = random.random()
    key = str(num)[2:]
    response = jsonify(ok=True)
    response.set_cookie("rememberMe", key, secure=True, httponly=True)
    return response


@app.route("/captcha")
def captcha():
    rng = random.Random()
    # ruleid: flask-insecure-random-secret
    session["captcha"] = rng.randint(1000, 9999)
    return jsonify(ok=True)


@app.route("/invite", methods=["POST"])
def invite():
    chars = list(ALPHABET)
    # ruleid: flask-insecure-random-secret
    random.shuffle(chars)
    code = "".join(chars[:10])
    send_invite(request.form["email"], invite_token=code)
    return jsonify(sent=True)


@app.route("/csrf")
def csrf_header():
    response = jsonify(ok=True)
    # ruleid: flask-insecure-random-secret
    response.headers["X-CSRF-Token"] = "%x" % random.getrandbits(64)
    return response


@app.route("/remember-ok", methods=["POST"])
def remember_me_ok():
    key = secrets.token_hex(16)
    response = jsonify(ok=True)
    # ok: flask-insecure-random-secret
    response.set_cookie("rememberMe", key, secure=True, httponly=True)
    return response


@app.route("/captcha-ok")
def captcha_ok():
    rng = random.SystemRandom()
    # ok: flask-insecure-random-secret
    session["captcha"] = rng.randint(1000, 9999)
    return jsonify(ok=True)


def send_invite(email, invite_token):
    pass


def retry_settings():
    # ok: flask-insecure-random-secret
    reset_delay = random.uniform(1, 5)
    # ok: flask-insecure-random-secret
    footprint = random.randint(1, 10)
    return reset_delay, footprint


def backoff_delay(attempt):
    # ok: flask-insecure-random-secret
    return min(30, 2 ** attempt) + random.uniform(0, 1)
