"""Uploads, downloads, avatars and log viewing."""
import os
import tarfile

from flask import (Blueprint, Response, abort, current_app, flash, redirect, request, send_file,
                   send_from_directory, url_for)
from flask_login import current_user, login_required
from werkzeug.security import safe_join
from werkzeug.utils import secure_filename

from ..extensions import db
from ..models import Document
from ..utils import admin_required, make_thumbnail

bp = Blueprint("files", __name__, url_prefix="/files")

ALLOWED_EXTENSIONS = {"pdf", "png", "jpg", "jpeg", "csv", "txt"}


def allowed_file(filename):
    return "." in filename and filename.rsplit(".", 1)[1].lower() in ALLOWED_EXTENSIONS


@bp.route("/upload", methods=["POST"])
@login_required
def upload():
    uploaded = request.files.get("file")
    if uploaded is None or not allowed_file(uploaded.filename):
        abort(400)
    filename = secure_filename(uploaded.filename)
    uploaded.save(os.path.join(current_app.config["UPLOAD_FOLDER"], filename))  # safe: path-traversal
    db.session.add(Document(owner_id=current_user.id, title=request.form.get("title"), filename=filename))
    db.session.commit()
    return redirect(url_for("reports.dashboard"))


@bp.route("/avatar", methods=["POST"])
@login_required
def upload_avatar():
    avatar = request.files["avatar"]
    destination = os.path.join(current_app.config["AVATAR_FOLDER"], avatar.filename)
    avatar.save(destination)  # vuln: path-traversal
    make_thumbnail(destination, destination + ".thumb.png")
    return redirect(url_for("reports.dashboard"))


@bp.route("/download")
@login_required
def download():
    name = request.args.get("name", "")
    path = os.path.join(current_app.config["UPLOAD_FOLDER"], name)
    return send_file(path, as_attachment=True)  # vuln: path-traversal


@bp.route("/raw/<path:filename>")
@login_required
def raw(filename):
    return send_from_directory(current_app.config["UPLOAD_FOLDER"], filename)  # safe: path-traversal


@bp.route("/documents/<int:doc_id>")
@login_required
def document(doc_id):  # safe: access-control
    doc = Document.query.filter_by(id=doc_id, owner_id=current_user.id).first_or_404()
    return send_file(os.path.join(current_app.config["UPLOAD_FOLDER"], doc.filename))  # safe: path-traversal


@bp.route("/logs")
@admin_required
def view_log():
    logname = request.args.get("file", "app.log")
    with open(current_app.config["LOG_DIR"] + logname) as fh:  # vuln: path-traversal
        return Response(fh.read(), mimetype="text/plain")


@bp.route("/themes/<name>.css")
def theme(name):
    path = safe_join(current_app.static_folder, "themes", name + ".css")
    if path is None or not os.path.exists(path):
        abort(404)
    with open(path) as fh:  # safe: path-traversal
        return Response(fh.read(), mimetype="text/css")


@bp.route("/templates/<kind>")
@login_required
def invoice_template(kind):
    return send_file(f"templates/invoices/{kind}.docx")  # vuln: path-traversal


@bp.route("/import", methods=["POST"])
@login_required
def import_archive():
    archive = request.files["archive"]
    target = os.path.join(current_app.config["UPLOAD_FOLDER"], str(current_user.id))
    os.makedirs(target, exist_ok=True)
    with tarfile.open(fileobj=archive.stream, mode="r:gz") as tar:
        tar.extractall(target)  # vuln: path-traversal
    flash("Archive imported")
    return redirect(url_for("reports.dashboard"))
