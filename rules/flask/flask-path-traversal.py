import io
import os
from pathlib import Path
import shutil
import tarfile
import zipfile
import uuid

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
    return sf(
        # ruleid: flask-path-traversal
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


@app.route("/attachments", methods=["POST"])
def attachments():
    saved = []
    for upload in request.files.getlist("attachment"):
        dest = UPLOAD_DIR + "/" + upload.filename
        # ruleid: flask-path-traversal
        upload.save(dest)
        saved.append(dest)
    return {"saved": saved}


@app.route("/workspace", methods=["DELETE"])
def delete_workspace():
    body = request.get_json()
    if body.get("temp"):
        root = "/tmp/workspaces"
    else:
        root = "/srv/workspaces"
    parts = [root]
    parts.append(body["name"])
    # ruleid: flask-path-traversal
    shutil.rmtree("/".join(parts))
    return "", 204


@app.route("/theme")
def theme():
    name = request.cookies.get("theme", "light")
    css_path = "static/themes/%s.css" % name
    # ruleid: flask-path-traversal
    return sf(path_or_file=css_path, mimetype="text/css")


@app.route("/logs/<day>")
def logs(day):
    files = {"log": os.path.join("/var/log/app", "{}.log".format(day))}
    # ruleid: flask-path-traversal
    with open(files["log"], encoding=request.args.get("enc", "utf-8")) as fh:
        return fh.read()


@app.route("/safe/attachments", methods=["POST"])
def safe_attachments():
    for upload in request.files.getlist("attachment"):
        # ok: flask-path-traversal
        upload.save(os.path.join(UPLOAD_DIR, secure_filename(upload.filename)))
    return "stored", 201


@app.route("/safe/invoice/<invoice_id>")
def safe_invoice(invoice_id):
    number = int(invoice_id)
    # ok: flask-path-traversal
    with open(f"/srv/invoices/{number}.pdf", "rb") as fh:
        data = fh.read()
    token = uuid.UUID(request.args["token"])
    # ok: flask-path-traversal
    os.remove(os.path.join("/tmp/tokens", str(token)))
    return data


@app.route("/safe/avatar", methods=["DELETE"])
def safe_delete_avatar():
    name = os.path.basename(request.form["avatar"])
    # ok: flask-path-traversal
    os.remove(UPLOAD_DIR + "/" + name)
    target = request.form["avatar"]
    target = "default.png"
    # ok: flask-path-traversal
    os.unlink(os.path.join(UPLOAD_DIR, "cache", target))
    return "", 204


@app.route("/import", methods=["POST"])
def import_archive():
    archive = request.files["archive"]
    with tarfile.open(fileobj=archive.stream, mode="r:gz") as tar:
        # ruleid: flask-path-traversal
        tar.extractall(UPLOAD_DIR)
    bundle = zipfile.ZipFile(request.files["bundle"])
    # ruleid: flask-path-traversal
    bundle.extractall("/srv/app/bundles")
    return "imported"


@app.route("/safe/import", methods=["POST"])
def safe_import_archive():
    with tarfile.open(fileobj=request.files["archive"].stream) as tar:
        # ok: flask-path-traversal
        tar.extractall(UPLOAD_DIR, filter="data")
    return "imported"


@app.route("/safe/documents/<int:doc_id>")
def safe_document(doc_id):
    doc = Document.query.filter_by(id=doc_id).first_or_404()
    # ok: flask-path-traversal
    return sf(os.path.join(UPLOAD_DIR, doc.filename))


@app.route("/safe/page")
def safe_page():
    page = request.args.get("page", 1, type=int)
    # ok: flask-path-traversal
    with open(os.path.join(REPORT_DIR, "page-%d.html" % page)) as fh:
        return fh.read()


NOTES = Path("/srv/app/notes")
PLUGINS = {"audit", "backup"}


@app.route("/notes/<name>")
def note(name):
    # ruleid: flask-path-traversal
    return (NOTES / name).read_text()


@app.post("/notes")
def save_note():
    target = NOTES.joinpath(request.form["title"] + ".md")
    # ruleid: flask-path-traversal
    target.write_bytes(request.form["body"].encode())
    return "", 201


@app.route("/notes/raw")
def raw_note():
    # ruleid: flask-path-traversal
    with Path(NOTES, request.args["name"]).open() as fh:
        return fh.read()


@app.route("/notes/download")
def download_note():
    # ruleid: flask-path-traversal
    return sf(Path("/srv/app/notes") / request.args["name"])


@app.route("/notes/checked/<name>")
def checked_note(name):
    if ".." in name:
        abort(400)
    # ruleid: flask-path-traversal
    return open(os.path.join("/srv/app/notes", name)).read()


@app.route("/safe/notes/<name>")
def safe_note(name):
    target = (NOTES / name).resolve()
    if not target.is_relative_to(NOTES):
        abort(404)
    # ok: flask-path-traversal
    return target.read_text()


@app.route("/safe/plugins/<plugin>")
def safe_plugin(plugin):
    if plugin not in PLUGINS:
        abort(404)
    # ok: flask-path-traversal
    return open(os.path.join("/srv/app/plugins", plugin, "config.html")).read()


@app.route("/safe/export")
def safe_export():
    table = request.args.get("table", "users")
    buf = io.BytesIO(dump_table(table).encode())
    # ok: flask-path-traversal
    return sf(buf, as_attachment=True, download_name=f"{table}.csv")


@app.route("/safe/real/<name>")
def safe_real(name):
    full = os.path.realpath(os.path.join(REPORT_DIR, name))
    if not full.startswith(REPORT_DIR + os.sep):
        abort(404)
    # ok: flask-path-traversal
    return sf(full)


@app.post("/safe/books/merge")
def safe_merge_books():
    target = library_db.get_book(request.get_json()["into"])
    source = library_db.get_book(request.get_json()["from"])
    # ok: flask-path-traversal
    shutil.copyfile(os.path.join(REPORT_DIR, source.path), os.path.join(REPORT_DIR, target.path))
    return "", 204


library_db = None


@app.route("/admin/export/csv")
def export_csv():
    table = request.args.get("table")
    output = dump_csv(name=table)
    # ok: flask-path-traversal
    return sf(output, as_attachment=True, download_name=f"{table}.csv")


@app.route("/attachment")
def attachment():
    path = get_upload_path(request.args["file"])
    # ruleid: flask-path-traversal
    return sf(path, as_attachment=True)


def dump_csv(name):
    return io.BytesIO()


def get_upload_path(name):
    return os.path.join(UPLOAD_DIR, name)


def dump_table(name):
    return ""


class Document:
    query = None


@app.route("/notes/guarded/<name>")
def guarded_note(name):
    if ".." in name or name.startswith("/"):
        abort(400)
    # ruleid: flask-path-traversal
    return open(os.path.join("/srv/app/notes", name)).read()  # precise-ok: flask-path-traversal


@app.route("/notes/guarded-loop")
def guarded_notes():
    out = []
    for name in request.args.getlist("n"):
        if ".." in name or os.path.isabs(name):
            continue
        # ruleid: flask-path-traversal
        out.append(open(os.path.join("/srv/app/notes", name)).read())  # precise-ok: flask-path-traversal
    return "".join(out)


@app.route("/notes/logged/<name>")
def logged_note(name):
    if ".." in name or name.startswith("/"):
        print("suspicious name", name)
    # ruleid: flask-path-traversal
    return open(os.path.join("/srv/app/notes", name)).read()



# precise_containers/propagation/functions: what Semgrep reports and they do
# not (precise-ok), and what it misses and they find (precise-ruleid)
def clean_name(name):
    return secure_filename(name)


def read_report(path):
    # ok: flask-path-traversal
    with open(path) as fh:  # precise-ruleid: flask-path-traversal
        return fh.read()


@app.route("/reports/clean")
def clean_report():
    # ruleid: flask-path-traversal
    return sf(os.path.join(REPORT_DIR, clean_name(request.args["name"])))  # precise-ok: flask-path-traversal


@app.route("/reports/raw")
def raw_report():
    return read_report(os.path.join(REPORT_DIR, request.args["name"]))
