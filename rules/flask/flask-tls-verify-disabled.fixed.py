import httpx
import requests
import requests as http
from flask import Flask, jsonify, request

app = Flask(__name__)
session = requests.Session()


@app.route("/rates")
def rates():
    # ruleid: flask-tls-verify-disabled
    r = http.get("https://rates.internal/api", timeout=3, verify=True)
    return jsonify(r.json())


@app.route("/charge", methods=["POST"])
def charge():
    resp = requests.post(
        "https://payments.example.com/charge",
        json=request.get_json(),
        # ruleid: flask-tls-verify-disabled
        verify=True,
        timeout=10,
    )
    return jsonify(resp.json()), resp.status_code


def make_client():
    # ruleid: flask-tls-verify-disabled
    session.verify = True
    # ruleid: flask-tls-verify-disabled
    return httpx.Client(base_url="https://inventory.local", verify=True)


class Inventory:
    def __init__(self):
        self.s = requests.Session()

    def stock(self, sku):
        # ruleid: flask-tls-verify-disabled
        return self.s.get(f"https://inventory.local/{sku}", verify=True).json()


@app.route("/safe/rates")
def safe_rates():
    # ok: flask-tls-verify-disabled
    r = http.get("https://rates.internal/api", timeout=3, verify="/etc/ssl/internal-ca.pem")
    # ok: flask-tls-verify-disabled
    r2 = requests.get("https://example.com", verify=True)
    # ok: flask-tls-verify-disabled
    r3 = requests.get("https://example.com", allow_redirects=False)
    return jsonify(r.json(), r2.status_code, r3.status_code)
