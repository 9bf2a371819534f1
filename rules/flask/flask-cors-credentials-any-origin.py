from flask import Flask, jsonify, request
from flask_cors import CORS, cross_origin

app = Flask(__name__)
api = Flask("api")
admin = Flask("admin")
partner = Flask("partner")

# ruleid: flask-cors-credentials-any-origin
CORS(app, supports_credentials=True)

# ruleid: flask-cors-credentials-any-origin
CORS(api, origins="*", supports_credentials=True)

# ruleid: flask-cors-credentials-any-origin
CORS(admin, resources={r"/admin/*": {"origins": "*"}}, supports_credentials=True)

# ok: flask-cors-credentials-any-origin
CORS(partner, origins=["https://partner.example.com"], supports_credentials=True)

# ok: flask-cors-credentials-any-origin
CORS(Flask("public"))


@app.route("/api/account")
# ruleid: flask-cors-credentials-any-origin
@cross_origin(supports_credentials=True)
def account():
    return jsonify(email="user@example.com")


@app.route("/api/feed")
# ok: flask-cors-credentials-any-origin
@cross_origin(origins=["https://app.example.com"], supports_credentials=True)
def feed():
    return jsonify(items=[])


@app.route("/api/echo")
def echo():
    resp = jsonify(ok=True)
    # ruleid: flask-cors-credentials-any-origin
    resp.headers["Access-Control-Allow-Origin"] = request.headers.get("Origin")
    resp.headers["Access-Control-Allow-Credentials"] = "true"
    return resp


@app.route("/api/echo2")
def echo2():
    origin = request.headers.get("Origin", "")
    resp = jsonify(ok=True)
    # ruleid: flask-cors-credentials-any-origin
    resp.headers["access-control-allow-origin"] = origin
    return resp


ALLOWED = {"https://app.example.com"}


@app.route("/api/checked")
def checked():
    resp = jsonify(ok=True)
    # ok: flask-cors-credentials-any-origin
    resp.headers["Access-Control-Allow-Origin"] = "https://app.example.com"
    return resp
