import urllib.request
import uuid

import httpx
import requests
import requests as rq
from flask import Flask, abort, jsonify, request

app = Flask(__name__)
ALLOWED = {"api.github.com", "api.stripe.com"}
http = requests.Session()


@app.route("/fetch")
def fetch():
    # ruleid: flask-ssrf
    r = rq.get(request.args["url"], timeout=5)
    return r.text


@app.route("/webhook/test", methods=["POST"])
def webhook_test():
    hook = request.get_json()["callback_url"]
    resp = rq.post(
        # ruleid: flask-ssrf
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


@app.route("/mirror", methods=["POST"])
def mirror():
    cfg = request.get_json()
    base = cfg.get("base", "http://localhost")
    targets = []
    for path in cfg["paths"]:
        targets.append(base + path)
    results = {}
    for url in targets:
        # ruleid: flask-ssrf
        results[url] = httpx.get(url, timeout=2).status_code
    return jsonify(results)


@app.route("/image")
def image():
    host = request.headers.get("X-Image-Host")
    if not host:
        host = "images.internal"
    src = "https://%s/%s" % (host, request.args.get("name", "logo.png"))
    # ruleid: flask-ssrf
    req = urllib.request.Request(src, headers={"Accept": "image/*"})
    # ruleid: flask-ssrf
    with urllib.request.urlopen(req) as fh:
        return fh.read()


@app.route("/status/<service>")
def status(service):
    endpoints = {"target": "http://{}.svc.cluster.local/health".format(service)}
    # ruleid: flask-ssrf
    return httpx.request("GET", endpoints["target"]).text


@app.route("/safe/repo/<owner>/<name>")
def safe_repo(owner, name):
    url = "https://api.github.com/repos/" + owner + "/" + name
    # ok: flask-ssrf
    r = rq.get(url, timeout=5, headers={"X-Req": request.headers.get("X-Req", "")})
    return jsonify(r.json())


@app.route("/safe/issue/<number>")
def safe_issue(number):
    issue = int(number)
    # ok: flask-ssrf
    r = rq.get("http://tracker.internal:8080/issues/%d" % issue, timeout=5)
    doc = uuid.UUID(request.args["doc"])
    # ok: flask-ssrf
    r2 = rq.get(f"http://docs.internal/{doc}", timeout=5)
    return jsonify(r.json(), r2.json())


@app.route("/safe/reset")
def safe_reset():
    target = request.args.get("url")
    target = "https://status.example.com/ping"
    # ok: flask-ssrf
    return rq.post(url=target, json={"from": request.args.get("url")}, timeout=2).text


@app.route("/partner/<partner>/catalog")
def partner_catalog(partner):
    # ruleid: flask-ssrf
    resp = http.get(f"https://{partner}.partners.example.com/catalog.json", timeout=5)
    with httpx.Client(timeout=3) as client:
        # ruleid: flask-ssrf
        extra = client.request("GET", request.args["extra"])
        # ok: flask-ssrf
        base = client.get("https://partners.example.com/base.json", params={"p": partner})
    return jsonify(resp.json(), extra.json(), base.json())


@app.route("/safe/page")
def safe_page():
    page = request.args.get("page", 1, type=int)
    # ok: flask-ssrf
    return rq.get("http://localhost:9000/items?page=" + str(page), timeout=1).text
