from flask import Blueprint, make_response, request

bp = Blueprint("account", __name__)


@bp.route("/session", methods=["POST"])
def create_session():
    resp = make_response("", 204)
    # ruleid: flask-set-cookie-missing-samesite
    resp.set_cookie("sid", request.form["sid"], secure=True, httponly=True)
    return resp


@bp.route("/session/none", methods=["POST"])
def create_session_none():
    resp = make_response("", 204)
    # ruleid: flask-set-cookie-missing-samesite
    resp.set_cookie("sid", "v", samesite=None, httponly=True, secure=True)
    return resp


@bp.route("/session/split", methods=["POST"])
def create_session_split():
    resp = make_response("", 204)
    # ruleid: flask-set-cookie-missing-samesite
    resp.set_cookie(
        "sid",
        "v",
        httponly=True,
        secure=True,
        max_age=600,
    )
    return resp


@bp.route("/session/good", methods=["POST"])
def create_session_good():
    resp = make_response("", 204)
    # ok: flask-set-cookie-missing-samesite
    resp.set_cookie("sid", "v", samesite="Lax", httponly=True, secure=True)
    # ok: flask-set-cookie-missing-samesite
    resp.set_cookie(
        "cross",
        "v",
        secure=True,
        httponly=True,
        samesite="None",
    )
    return resp


@bp.after_app_request
def inject_csrf_token(response):
    # ok: flask-set-cookie-missing-samesite
    response.set_cookie("csrf_token", "token-value", secure=True)
    return response
