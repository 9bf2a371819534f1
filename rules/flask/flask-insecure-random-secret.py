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


def retry_settings():
    # ok: flask-insecure-random-secret
    reset_delay = random.uniform(1, 5)
    # ok: flask-insecure-random-secret
    footprint = random.randint(1, 10)
    return reset_delay, footprint


def backoff_delay(attempt):
    # ok: flask-insecure-random-secret
    return min(30, 2 ** attempt) + random.uniform(0, 1)
