"""Back-office tools for staff: users, diagnostics, settings, announcements."""
import ast
import os
import re
import subprocess

import yaml
from flask import Blueprint, abort, current_app, flash, jsonify, redirect, render_template, render_template_string, request, url_for
from flask_login import current_user, login_required

from ..extensions import csrf, db
from ..models import User
from ..utils import admin_required, notify_slack

bp = Blueprint("admin", __name__, url_prefix="/admin")

HOSTNAME_RE = re.compile(r"^[A-Za-z0-9.-]{1,253}$")


@bp.route("/")
@admin_required
def index():
    users = User.query.order_by(User.created_at.desc()).limit(100).all()
    return render_template("admin/index.html", users=users)


@bp.route("/users/<int:user_id>/promote", methods=["POST"])
@admin_required
def promote(user_id):  # safe: access-control
    user = db.session.get(User, user_id) or abort(404)
    user.is_admin = True
    db.session.commit()
    notify_slack(f"{current_user.username} promoted {user.username}")
    return redirect(url_for("admin.index"))


@bp.route("/users/<int:user_id>/delete", methods=["POST"])
@login_required
def delete_user(user_id):  # vuln: access-control
    # TODO: restrict to admins once the support team has its own role
    user = User.query.get_or_404(user_id)
    db.session.delete(user)
    db.session.commit()
    return redirect(url_for("admin.index"))


@bp.route("/diagnostics/ping", methods=["POST"])
@admin_required
def ping():
    host = request.form.get("host", "")
    output = os.popen(f"ping -c 2 {host}").read()  # vuln: cmdi
    return render_template("admin/diagnostics.html", output=output)


@bp.route("/diagnostics/traceroute", methods=["POST"])
@admin_required
def traceroute():
    host = request.form.get("host", "")
    if not HOSTNAME_RE.match(host):
        abort(400)
    result = subprocess.run(["traceroute", "-m", "15", host], capture_output=True, text=True, timeout=60)  # safe: cmdi
    return render_template("admin/diagnostics.html", output=result.stdout)


@bp.route("/diagnostics/dns", methods=["POST"])
@admin_required
def dns_lookup():
    name = request.form["name"]
    output = subprocess.check_output("nslookup " + name, shell=True, text=True)  # vuln: cmdi
    return render_template("admin/diagnostics.html", output=output)


@bp.route("/backup", methods=["POST"])
@admin_required
def backup():
    label = request.form.get("label", "manual")
    cmd = "tar czf /var/backups/vulnapp-%s.tgz %s" % (label, current_app.config["UPLOAD_FOLDER"])
    subprocess.Popen(cmd, shell=True)  # vuln: cmdi
    flash("Backup started")
    return redirect(url_for("admin.index"))


@bp.route("/disk")
@admin_required
def disk_usage():
    out = subprocess.run("df -h /", shell=True, capture_output=True, text=True)  # safe: cmdi
    return render_template("admin/diagnostics.html", output=out.stdout)


@bp.route("/calc")
@admin_required
def calc():
    expr = request.args.get("expr", "0")
    return jsonify(result=eval(expr))  # vuln: code-exec


@bp.route("/filters/parse")
@admin_required
def parse_filter():
    raw = request.args.get("filter", "{}")
    return jsonify(filter=ast.literal_eval(raw))  # safe: code-exec


@bp.route("/console", methods=["POST"])
@admin_required
def console():
    snippet = request.form["snippet"]
    scope = {"db": db, "User": User}
    exec(compile(snippet, "<admin-console>", "exec"), scope)  # vuln: code-exec
    return jsonify(ok=True)


@bp.route("/settings/import", methods=["POST"])
@admin_required
def import_settings():
    uploaded = request.files["settings"]
    settings = yaml.load(uploaded.read(), Loader=yaml.Loader)  # vuln: deserialization
    current_app.config.update(settings.get("app", {}))
    return redirect(url_for("admin.index"))


@bp.route("/settings/validate", methods=["POST"])
@admin_required
def validate_settings():
    settings = yaml.safe_load(request.get_data())  # safe: deserialization
    return jsonify(keys=sorted(settings))


@bp.route("/templates/preview", methods=["POST"])
@csrf.exempt  # vuln: csrf
@admin_required
def preview_template():
    body = request.form.get("body", "")
    return render_template_string("<div class=\"preview\">" + body + "</div>")  # vuln: ssti


@bp.route("/announce", methods=["POST"])
@admin_required
def announce():
    message = request.form["message"]
    template = current_app.jinja_env.from_string(f"<p class=\"banner\">{message}</p>")  # vuln: ssti
    current_app.config["BANNER_HTML"] = template.render()
    return redirect(url_for("admin.index"))


@bp.route("/announce/preview", methods=["POST"])
@admin_required
def announce_preview():
    message = request.form["message"]
    return render_template_string("<p class=\"banner\">{{ message }}</p>", message=message)  # safe: ssti


@bp.route("/config")
@admin_required
def show_config():
    hidden = {"SECRET_KEY", "JWT_SECRET", "SQLALCHEMY_DATABASE_URI", "WEBHOOK_SECRET"}
    visible = {k: str(v) for k, v in current_app.config.items() if k not in hidden}
    return render_template("admin/config.html", config_items=sorted(visible.items()))
