"""Company directory: LDAP lookups, XML catalogue imports, partner webhooks."""
import hashlib
import hmac
import io
import random
import re
import secrets
import string
import xml.sax
from xml.sax.handler import feature_external_ges

import defusedxml.ElementTree as SafeET
import ldap3
from flask import Blueprint, abort, current_app, jsonify, request, session
from flask_login import current_user, login_required
from ldap3.utils.conv import escape_filter_chars
from lxml import etree

bp = Blueprint("directory", __name__, url_prefix="/directory")

PEOPLE_BASE = "ou=people,dc=vulnapp,dc=local"
DEPARTMENTS = {"finance", "sales", "engineering", "support"}
CATALOGUE = etree.parse("catalogue.xml")
INVITE_ALPHABET = string.ascii_uppercase + string.digits


def ldap_connection():
    server = ldap3.Server(current_app.config.get("LDAP_URL", "ldap://localhost"))
    return ldap3.Connection(server, current_app.config.get("LDAP_BIND_DN"), current_app.config.get("LDAP_BIND_PW"), auto_bind=True)


@bp.route("/people")
@login_required
def people():
    conn = ldap_connection()
    name = request.args.get("name", "")
    conn.search(PEOPLE_BASE, f"(&(objectClass=person)(cn=*{name}*))", attributes=["cn", "mail"])  # vuln: ldap
    return jsonify([entry.entry_attributes_as_dict for entry in conn.entries])


@bp.route("/people/by-mail")
@login_required
def people_by_mail():
    conn = ldap_connection()
    mail = escape_filter_chars(request.args.get("mail", ""))
    conn.search(PEOPLE_BASE, f"(&(objectClass=person)(mail={mail}))", attributes=["cn"])  # safe: ldap
    return jsonify([entry.entry_attributes_as_dict for entry in conn.entries])


@bp.route("/departments/<dept>")
@login_required
def department(dept):
    conn = ldap_connection()
    conn.search(f"ou={dept},{PEOPLE_BASE}", "(objectClass=person)", attributes=["cn"])  # vuln: ldap
    return jsonify(count=len(conn.entries))


@bp.route("/departments/checked/<dept>")
@login_required
def department_checked(dept):
    if dept not in DEPARTMENTS:
        abort(404)
    conn = ldap_connection()
    conn.search(f"ou={dept},{PEOPLE_BASE}", "(objectClass=person)", attributes=["cn"])  # safe: ldap
    return jsonify(count=len(conn.entries))


@bp.route("/catalogue/item")
@login_required
def catalogue_item():
    sku = request.args.get("sku", "")
    items = CATALOGUE.xpath(f"//item[@sku='{sku}']/name/text()")  # vuln: xpath
    return jsonify(names=[str(i) for i in items])


@bp.route("/catalogue/safe-item")
@login_required
def catalogue_safe_item():
    items = CATALOGUE.xpath("//item[@sku=$sku]/name/text()", sku=request.args.get("sku", ""))  # safe: xpath
    return jsonify(names=[str(i) for i in items])


@bp.route("/catalogue/supplier")
@login_required
def catalogue_supplier():
    query = "//supplier[name='" + request.args.get("supplier", "") + "']/@id"
    find = etree.XPath(query)  # vuln: xpath
    return jsonify(ids=[str(i) for i in find(CATALOGUE)])


@bp.route("/catalogue/import", methods=["POST"])
@login_required
def catalogue_import():
    parser = xml.sax.make_parser()
    parser.setFeature(feature_external_ges, True)  # vuln: xxe
    handler = xml.sax.handler.ContentHandler()
    parser.setContentHandler(handler)
    parser.parse(io.BytesIO(request.get_data()))
    return "", 204


@bp.route("/catalogue/preview", methods=["POST"])
@login_required
def catalogue_preview():
    root = etree.fromstring(request.files["catalogue"].read(), etree.XMLParser(resolve_entities=True))  # vuln: xxe
    return jsonify(items=len(root))


@bp.route("/catalogue/validate", methods=["POST"])
@login_required
def catalogue_validate():
    root = SafeET.fromstring(request.get_data())  # safe: xxe
    return jsonify(items=len(root))


@bp.route("/catalogue/strict", methods=["POST"])
@login_required
def catalogue_strict():
    parser = etree.XMLParser(resolve_entities=False, no_network=True)  # safe: xxe
    root = etree.fromstring(request.get_data(), parser)
    return jsonify(items=len(root))


@bp.route("/invites", methods=["POST"])
@login_required
def create_invite():
    code = "".join(random.choice(INVITE_ALPHABET) for _ in range(10))  # vuln: weak-random
    session["pending_invite"] = code
    return jsonify(code=code)


@bp.route("/invites/secure", methods=["POST"])
@login_required
def create_invite_secure():
    code = "".join(secrets.choice(INVITE_ALPHABET) for _ in range(10))  # safe: weak-random
    session["pending_invite"] = code
    return jsonify(code=code)


@bp.route("/badge", methods=["POST"])
@login_required
def badge_number():
    number = random.randint(100000, 999999)  # vuln: weak-random
    response = jsonify(ok=True)
    response.set_cookie("badge_pin", str(number), secure=True, httponly=True, samesite="Lax")
    return response


@bp.route("/seating")
@login_required
def seating():
    desks = list(range(1, 41))
    random.shuffle(desks)  # safe: weak-random
    return jsonify(desks=desks[:5])


@bp.route("/webhook", methods=["POST"])
def partner_webhook():
    secret = current_app.config.get("PARTNER_SECRET", "")
    signature = hashlib.md5((secret + request.get_data(as_text=True)).encode()).hexdigest()  # vuln: weak-hash
    if not hmac.compare_digest(signature, request.headers.get("X-Signature", "")):
        abort(403)
    return "", 204


@bp.route("/webhook/v2", methods=["POST"])
def partner_webhook_v2():
    secret = current_app.config.get("PARTNER_SECRET", "").encode()
    signature = hmac.new(secret, request.get_data(), hashlib.sha256).hexdigest()  # safe: weak-hash
    if not hmac.compare_digest(signature, request.headers.get("X-Signature", "")):
        abort(403)
    return "", 204


@bp.route("/people/photo-etag")
@login_required
def photo_etag():
    photo = current_user.photo or b""
    etag = hashlib.md5(photo, usedforsecurity=False).hexdigest()  # safe: weak-hash
    return jsonify(etag=etag)


@bp.route("/api-keys/fingerprint", methods=["POST"])
@login_required
def api_key_fingerprint():
    digest = hashlib.sha1()
    digest.update(request.form["api_key"].encode())  # vuln: weak-hash
    return jsonify(fingerprint=digest.hexdigest())


@bp.route("/act-as", methods=["POST"])
@login_required
def act_as():
    session["acting_department"] = request.form.get("department", "")  # vuln: trust-boundary
    return jsonify(ok=True)


@bp.route("/act-as/checked", methods=["POST"])
@login_required
def act_as_checked():
    department = request.form.get("department", "")
    if department not in DEPARTMENTS:
        abort(400)
    session["acting_department"] = department  # safe: trust-boundary
    return jsonify(ok=True)


@bp.route("/locale")
def locale():
    chosen = request.args.get("locale", "en")
    session["locale"] = chosen  # vuln: trust-boundary
    return jsonify(locale=chosen)


@bp.route("/extension")
@login_required
def extension():
    number = request.args.get("ext", "")
    if not re.fullmatch(r"\d{3,5}", number):
        abort(400)
    session["extension"] = number  # safe: trust-boundary
    return jsonify(ok=True)
