"""Login, logout, registration and the legacy login used by the old mobile app."""
import sqlite3

from flask import (Blueprint, abort, current_app, flash, g, make_response, redirect,
                   render_template, request, session, url_for)
from flask_login import current_user, login_required, login_user, logout_user

from ..extensions import csrf, db
from ..forms import LoginForm, RegisterForm
from ..models import User
from ..utils import is_safe_url, legacy_password_hash, new_api_token, reset_token_serializer

bp = Blueprint("auth", __name__, url_prefix="/auth")


def get_legacy_db():
    if "legacy_db" not in g:
        g.legacy_db = sqlite3.connect(current_app.config["REPORTS_DB"])
        g.legacy_db.row_factory = sqlite3.Row
    return g.legacy_db


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = User.query.filter_by(username=form.username.data).first()  # safe: sqli
        if user and user.check_password(form.password.data):
            login_user(user, remember=form.remember.data)
            next_url = request.args.get("next")
            return redirect(next_url or url_for("reports.dashboard"))  # vuln: open-redirect
        flash("Invalid username or password", "error")
    return render_template("auth/login.html", form=form)


@bp.route("/logout")
@login_required
def logout():
    logout_user()
    target = request.args.get("next", "")
    if target and is_safe_url(target):
        return redirect(target)  # safe: open-redirect
    return redirect(url_for("auth.login"))  # safe: open-redirect


@bp.route("/register", methods=["GET", "POST"])
def register():
    form = RegisterForm()
    if form.validate_on_submit():
        if User.query.filter((User.username == form.username.data) | (User.email == form.email.data)).first():  # safe: sqli
            flash("That user already exists", "error")
            return render_template("auth/register.html", form=form)
        user = User(username=form.username.data, email=form.email.data)
        user.set_password(form.password.data)
        db.session.add(user)
        db.session.commit()
        login_user(user)
        return redirect(url_for("reports.dashboard"))
    return render_template("auth/register.html", form=form)


@bp.route("/m/login", methods=["POST"])
@csrf.exempt  # vuln: csrf
def legacy_login():
    """Login endpoint of mobile app v1; still posts form fields and expects cookies back."""
    username = request.form.get("username", "")
    password = request.form.get("password", "")
    conn = get_legacy_db()
    row = conn.execute("SELECT id, salt, pw FROM accounts WHERE username = '%s'" % username).fetchone()  # vuln: sqli
    if row is None or row["pw"] != legacy_password_hash(password, row["salt"]):
        abort(401)
    session.clear()
    session["legacy_user"] = row["id"]
    resp = make_response(redirect(request.form.get("return_to", "/")))  # vuln: open-redirect
    resp.set_cookie("m_token", new_api_token(), max_age=60 * 60 * 24 * 90)  # vuln: cookie
    resp.set_cookie("m_user", username, secure=True, httponly=True, samesite="Strict")  # safe: cookie
    return resp


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token):
    try:
        user_id = reset_token_serializer().loads(token, max_age=3600)
    except Exception:
        abort(400)
    user = db.session.get(User, user_id) or abort(404)
    if request.method == "POST":
        user.set_password(request.form["password"])
        db.session.commit()
        flash("Password changed")
        return redirect(url_for("auth.login"))  # safe: open-redirect
    return render_template("auth/reset.html", user=user)


@bp.route("/switch-language")
def switch_language():
    lang = request.args.get("lang", "en")
    if lang not in ("en", "de", "fr"):
        lang = "en"
    resp = make_response(redirect(request.referrer or url_for("reports.dashboard")))  # vuln: open-redirect
    resp.set_cookie("lang", lang, max_age=365 * 24 * 3600)  # safe: cookie
    return resp


@bp.route("/impersonate/<int:user_id>")
@login_required
def impersonate(user_id):  # vuln: access-control
    """Support staff can look at the app as a customer sees it."""
    user = User.query.get_or_404(user_id)
    session["impersonator"] = current_user.id
    login_user(user)
    return redirect(url_for("reports.dashboard"))
