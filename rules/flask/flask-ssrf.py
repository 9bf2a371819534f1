import urllib.request

import httpx
import requests as rq
from flask import Flask, abort, jsonify, request

app = Flask(__name__)
ALLOWED = {"api.github.com", "api.stripe.com"}


@app.route("/fetch")
def fetch():
    # ruleid: flask-ssrf
    r = rq.get(request.args["url"], timeout=5)
    return r.text


@app.route("/webhook/test", methods=["POST"])
def webhook_test():
    hook = request.get_json()["callback_url"]
    # ruleid: flask-ssrf
    resp = rq.post(
        hook,
        json={"ping": True},
        timeout=3,
    )
    return jsonify(status=resp.status_code)


@app.route("/preview")
def preview():
    target = request.values.get("link")
    # ruleid: flask-ssrf
    with urllib.request.urlopen(target) as fh:
        return fh.read(2048)


@app.route("/proxy/<path:upstream>")
def proxy(upstream):
    # ruleid: flask-ssrf
    return httpx.get(f"http://{upstream}").text


@app.route("/avatar")
def avatar():
    # ruleid: flask-ssrf
    return rq.request("GET", url=request.args.get("src"), timeout=2).content


@app.route("/github/<user>")
def github(user):
    # ok: flask-ssrf
    r = rq.get(f"https://api.github.com/users/{user}", timeout=5)
    return jsonify(r.json())


@app.route("/search")
def search():
    # ok: flask-ssrf
    r = rq.get("https://api.example.com/search", params={"q": request.args["q"]})
    return jsonify(r.json())


@app.route("/health")
def health():
    # ok: flask-ssrf
    return rq.get("http://localhost:9000/health", timeout=1).text
