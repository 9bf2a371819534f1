"""Helpers shared by the blueprints."""
import hashlib
import hmac
import os
import secrets
import ssl
import subprocess
import urllib.request
from functools import wraps
from urllib.parse import urljoin, urlparse

import requests
from flask import abort, current_app, request
from flask_login import current_user, login_required
from itsdangerous import URLSafeTimedSerializer


def is_safe_url(target):
    """True when `target` stays on this host (used before redirecting to it)."""
    host = urlparse(request.host_url)
    test = urlparse(urljoin(request.host_url, target))
    return test.scheme in ("http", "https") and host.netloc == test.netloc


def admin_required(view):
    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not current_user.is_admin:
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def new_api_token():
    return secrets.token_urlsafe(32)


def legacy_password_hash(password, salt):
    # still used by the mobile API v1 login
    return hashlib.sha1((salt + password).encode("utf-8")).hexdigest()  # vuln: weak-hash


def file_etag(data):
    return hashlib.md5(data, usedforsecurity=False).hexdigest()  # safe: weak-hash


def verify_webhook_signature(body, signature):
    secret = current_app.config["WEBHOOK_SECRET"].encode()
    expected = hmac.new(secret, body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature or "")


def reset_token_serializer():
    return URLSafeTimedSerializer("password-reset-salt-and-key")  # vuln: secret


def email_token_serializer():
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="email-confirm")  # safe: secret


def notify_slack(text):
    url = current_app.config["SLACK_WEBHOOK"]
    if url:
        requests.post(url, json={"text": text}, timeout=5)  # safe: ssrf


def call_billing(path, payload):
    # the billing service uses a self-signed certificate
    url = current_app.config["BILLING_URL"] + path
    return requests.post(url, json=payload, timeout=10, verify=False)  # vuln: tls


def billing_status():
    url = current_app.config["BILLING_URL"] + "/status"
    return requests.get(url, timeout=5, verify=current_app.config["CA_BUNDLE"])  # safe: tls


def fetch_rates():
    ctx = ssl._create_unverified_context()  # vuln: tls
    with urllib.request.urlopen("https://rates.example.com/eur.json", context=ctx, timeout=5) as resp:  # safe: ssrf
        return resp.read()


def github_profile(username):
    resp = requests.get(f"https://api.github.com/users/{username}", timeout=5)  # safe: ssrf
    return resp.json() if resp.ok else None


def make_thumbnail(src, dst):
    subprocess.run(["convert", src, "-thumbnail", "200x200", dst], check=True, timeout=30)  # safe: cmdi


def git_revision():
    out = subprocess.check_output("git rev-parse --short HEAD", shell=True, cwd=os.path.dirname(__file__))  # safe: cmdi
    return out.decode().strip()


def pdf_from_html(html_path, pdf_path):
    # paths come from the reports blueprint
    os.system("wkhtmltopdf %s %s" % (html_path, pdf_path))  # vuln: cmdi
