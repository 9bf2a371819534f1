"""JSON API used by the single-page dashboard and by integrations."""
import base64
import json
import marshal
import pickle
import urllib.request
from functools import wraps

import jwt
import requests
from flask import Blueprint, abort, current_app, g, jsonify, request
from flask_login import current_user, login_required

from ..extensions import csrf, db
from ..models import Document, Invoice, User, hash_api_token
from ..utils import verify_webhook_signature

bp = Blueprint("api", __name__, url_prefix="/api/v1")

session = requests.Session()
session.verify = False  # vuln: tls


def token_required(view):
    @wraps(view)
    def wrapped(*args, **kwargs):
        header = request.headers.get("Authorization", "")
        if not header.startswith("Bearer "):
            abort(401)
        user = User.query.filter_by(api_token_hash=hash_api_token(header[7:])).first()  # safe: sqli
        if user is None:
            abort(401)
        g.api_user = user
        return view(*args, **kwargs)

    return wrapped


@bp.get("/invoices/<int:invoice_id>")
def get_invoice(invoice_id):  # vuln: access-control
    invoice = Invoice.query.get_or_404(invoice_id)
    return jsonify(invoice.to_dict())


@bp.get("/me/invoices/<int:invoice_id>")
@login_required
def my_invoice(invoice_id):  # safe: access-control
    invoice = Invoice.query.filter_by(id=invoice_id, owner_id=current_user.id).first_or_404()
    return jsonify(invoice.to_dict())


@bp.get("/invoices/<int:invoice_id>/status")
@login_required
def invoice_status(invoice_id):  # safe: access-control
    invoice = db.get_or_404(Invoice, invoice_id)
    if invoice.owner_id != current_user.id and not current_user.is_admin:
        abort(403)
    return jsonify(status=invoice.status)


@bp.route("/documents/<int:doc_id>", methods=["DELETE"])
@login_required
def delete_document(doc_id):  # vuln: access-control
    doc = db.session.get(Document, doc_id) or abort(404)
    db.session.delete(doc)
    db.session.commit()
    return "", 204


@bp.get("/users/<int:user_id>")
@token_required
def get_user(user_id):  # vuln: access-control
    user = db.get_or_404(User, user_id)
    return jsonify(id=user.id, username=user.username, email=user.email, is_admin=user.is_admin)


@bp.post("/webhooks/test")
@login_required
def test_webhook():
    url = request.get_json(force=True).get("url", "")
    resp = requests.post(url, json={"event": "ping"}, timeout=5)  # vuln: ssrf
    return jsonify(status=resp.status_code)


@bp.get("/link-preview")
@login_required
def link_preview():
    resp = requests.get(request.args["url"], timeout=3, allow_redirects=True)  # vuln: ssrf
    title = resp.text.split("<title>", 1)[-1].split("</title>", 1)[0][:200]
    return jsonify(title=title)


@bp.get("/feeds/import")
@login_required
def import_feed():
    feed_url = request.args.get("feed", "")
    with urllib.request.urlopen(feed_url, timeout=5) as fh:  # vuln: ssrf
        data = fh.read(1_000_000)
    return jsonify(size=len(data))


@bp.get("/partner/<partner>/catalog")
@login_required
def partner_catalog(partner):
    resp = session.get(f"https://{partner}.partners.example.com/catalog.json", timeout=5)  # vuln: ssrf
    return jsonify(resp.json())


@bp.post("/cart/restore")
@login_required
def restore_cart():
    blob = request.cookies.get("cart", "")
    cart = pickle.loads(base64.b64decode(blob))  # vuln: deserialization
    return jsonify(items=len(cart))


@bp.post("/state/import")
@login_required
def import_state():
    state = marshal.loads(request.get_data())  # vuln: deserialization
    return jsonify(keys=len(state))


@bp.post("/state/import.json")
@login_required
def import_state_json():
    state = json.loads(request.get_data())  # safe: deserialization
    return jsonify(keys=len(state))


@bp.post("/events")
@csrf.exempt  # safe: csrf
@token_required
def ingest_events():
    events = request.get_json(force=True)
    return jsonify(received=len(events)), 202


@bp.post("/webhooks/billing")
@csrf.exempt  # safe: csrf
def billing_webhook():
    if not verify_webhook_signature(request.get_data(), request.headers.get("X-Signature")):
        abort(403)
    payload = request.get_json(force=True)
    invoice = db.session.get(Invoice, payload["invoice_id"]) or abort(404)
    invoice.status = payload["status"]
    db.session.commit()
    return "", 204


@bp.post("/token")
def issue_token():
    data = request.get_json(force=True)
    user = User.query.filter_by(username=data.get("username")).first()  # safe: sqli
    if not user or not user.check_password(data.get("password", "")):
        abort(401)
    token = jwt.encode({"sub": user.id}, current_app.config["JWT_SECRET"], algorithm="HS256")
    return jsonify(token=token)


@bp.get("/whoami")
def whoami():
    token = request.headers.get("Authorization", "")[7:]
    claims = jwt.decode(token, "jwt-s3cr3t-do-not-share", algorithms=["HS256"])  # vuln: secret
    return jsonify(claims)
