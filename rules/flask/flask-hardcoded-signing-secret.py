import os

import jwt
from flask import Flask, current_app
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

app = Flask(__name__)
# ruleid: flask-hardcoded-signing-secret
app.config["JWT_SECRET_KEY"] = "super-secret"
# ok: flask-hardcoded-signing-secret
app.config["JWT_SECRET_KEY"] = os.environ["JWT_SECRET_KEY"]

# ruleid: flask-hardcoded-signing-secret
SIGNING_KEY = "k3y-used-for-webhooks"


class Config:
    # ruleid: flask-hardcoded-signing-secret
    JWT_SECRET = "jwt-s3cr3t-do-not-share"
    # ok: flask-hardcoded-signing-secret
    JWT_PRIVATE_KEY = os.environ.get("JWT_PRIVATE_KEY")


class TestConfig(Config):
    # ok: flask-hardcoded-signing-secret
    JWT_SECRET = "test-only"


def issue(user_id):
    # ruleid: flask-hardcoded-signing-secret
    return jwt.encode({"sub": user_id}, "jwt-s3cr3t", algorithm="HS256")


def check(token):
    # ruleid: flask-hardcoded-signing-secret
    return jwt.decode(token, key="jwt-s3cr3t", algorithms=["HS256"])


def check_configured(token):
    # ok: flask-hardcoded-signing-secret
    return jwt.decode(token, current_app.config["JWT_SECRET_KEY"], algorithms=["HS256"])


def reset_serializer():
    # ruleid: flask-hardcoded-signing-secret
    return URLSafeTimedSerializer("password-reset-key")


def confirm_serializer():
    # ok: flask-hardcoded-signing-secret
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="email-confirm")


def signer():
    # ruleid: flask-hardcoded-signing-secret
    return TimestampSigner(secret_key="another-literal")


def unsigned(token):
    # ok: flask-hardcoded-signing-secret
    return jwt.decode(token, options={"verify_signature": False})
