import os

from flask import Flask, abort, request, send_file as sf, send_from_directory
from werkzeug.utils import secure_filename

app = Flask(__name__)
REPORT_DIR = "/srv/app/reports"
UPLOAD_DIR = "/srv/app/uploads"


@app.route("/report")
def report():
    # ruleid: flask-path-traversal
    with open(os.path.join(REPORT_DIR, request.args["name"])) as fh:
        return fh.read()


@app.route("/export")
def export():
    name = request.args.get("file", "latest.csv")
    # ruleid: flask-path-traversal
    return sf(
        f"{REPORT_DIR}/{name}",
        as_attachment=True,
    )


@app.route("/download/<path:filename>")
def download(filename):
    # ruleid: flask-path-traversal
    return sf(os.path.join(UPLOAD_DIR, filename))


@app.route("/upload", methods=["POST"])
def upload():
    f = request.files["file"]
    # ruleid: flask-path-traversal
    f.save(os.path.join(UPLOAD_DIR, f.filename))
    return "stored", 201


@app.route("/avatar", methods=["DELETE"])
def delete_avatar():
    # ruleid: flask-path-traversal
    os.remove(UPLOAD_DIR + "/" + request.form["avatar"])
    return "", 204


@app.route("/safe/download/<path:filename>")
def safe_download(filename):
    # ok: flask-path-traversal
    return send_from_directory(UPLOAD_DIR, filename)


@app.route("/safe/upload", methods=["POST"])
def safe_upload():
    f = request.files["file"]
    name = secure_filename(f.filename)
    if not name:
        abort(400)
    # ok: flask-path-traversal
    f.save(os.path.join(UPLOAD_DIR, name))
    return "stored", 201


@app.route("/safe/report")
def safe_report():
    # ok: flask-path-traversal
    with open(os.path.join(REPORT_DIR, secure_filename(request.args["name"]))) as fh:
        # ok: flask-path-traversal
        with open(os.path.join(REPORT_DIR, "footer.txt")) as footer:
            return fh.read() + footer.read()


@app.route("/profile", methods=["POST"])
def save_profile():
    profile = load_profile()
    # ok: flask-path-traversal
    profile.save(request.form)
    return "saved"


def load_profile():
    return None
