"""Team notes kept as Markdown files, a greeting page and maintenance tools."""
import shlex
import subprocess
from pathlib import Path

from flask import Blueprint, abort, current_app, escape, jsonify, render_template, request
from flask_login import login_required

bp = Blueprint("notes", __name__, url_prefix="/notes")

NOTES_DIR = Path(__file__).resolve().parent / "notes"


@bp.route("/<name>")
@login_required
def read_note(name):
    return (NOTES_DIR / name).read_text()  # vuln: path-traversal


@bp.route("/save", methods=["POST"])
@login_required
def save_note():
    target = NOTES_DIR.joinpath(request.form["title"] + ".md")
    target.write_text(request.form["body"])  # vuln: path-traversal
    return "", 201


@bp.route("/checked/<name>")
@login_required
def read_note_checked(name):
    target = (NOTES_DIR / name).resolve()
    if not target.is_relative_to(NOTES_DIR):
        abort(404)
    return target.read_text()  # safe: path-traversal


@bp.route("/hello")
def hello():
    visitor = request.args.get("name", "colleague")
    return f"Hello {visitor}, welcome to the notes."  # vuln: xss


@bp.route("/hello/escaped")
def hello_escaped():
    visitor = request.args.get("name", "colleague")
    return f"Hello {escape(visitor)}, welcome to the notes."  # safe: xss


@bp.route("/hello/json")
def hello_json():
    return {"greeting": "Hello " + request.args.get("name", "colleague")}  # safe: xss


@bp.route("/search")
@login_required
def search_notes():
    term = request.args.get("q", "")
    hits = [p.name for p in NOTES_DIR.glob("*.md") if term in p.read_text()]
    if not hits:
        return "No note mentions " + term, 404  # vuln: xss
    return render_template("notes/search.html", term=term, hits=hits)  # safe: xss


@bp.route("/tools/wordcount")
@login_required
def wordcount():
    name = request.args.get("name", "")
    out = subprocess.run(["sh", "-c", f"wc -w {NOTES_DIR}/{name}"], capture_output=True, text=True)  # vuln: cmdi
    return jsonify(result=out.stdout)


@bp.route("/tools/wordcount/quoted")
@login_required
def wordcount_quoted():
    name = shlex.quote(request.args.get("name", ""))
    out = subprocess.run(["sh", "-c", f"wc -w {NOTES_DIR}/{name}"], capture_output=True, text=True)  # safe: cmdi
    return jsonify(result=out.stdout)


@bp.route("/tools/grep")
@login_required
def grep_notes():
    pattern = request.args.get("pattern", "")
    out = subprocess.run(["grep", "-rl", "--", pattern, str(NOTES_DIR)], capture_output=True, text=True)  # safe: cmdi
    return jsonify(files=out.stdout.splitlines())


@bp.route("/tools/archive", methods=["POST"])
@login_required
def archive_notes():
    label = request.form.get("label", "notes")
    argv = ["bash", "-c"]
    argv = argv + ["tar czf /tmp/" + label + ".tgz " + str(NOTES_DIR)]
    subprocess.run(argv, check=True)  # vuln: cmdi
    return "", 204
