"""Reports: the dashboard, search, exports and saved report formulas."""
import os
import sqlite3
import tempfile

import jinja2
from flask import (Blueprint, Markup, current_app, g, make_response, redirect, render_template,
                   render_template_string, request, url_for)
from flask_login import current_user, login_required
from markupsafe import escape
from sqlalchemy import text

from ..extensions import db
from ..models import Invoice, SavedReport
from ..utils import is_safe_url, pdf_from_html

bp = Blueprint("reports", __name__, url_prefix="/reports")

email_env = jinja2.Environment(loader=jinja2.FileSystemLoader("templates/email"))  # vuln: xss
pdf_env = jinja2.Environment(loader=jinja2.FileSystemLoader("templates/pdf"), autoescape=jinja2.select_autoescape(["html"]))  # safe: xss


def get_db():
    if "reports_db" not in g:
        g.reports_db = sqlite3.connect(current_app.config["REPORTS_DB"])
        g.reports_db.row_factory = sqlite3.Row
    return g.reports_db


@bp.teardown_app_request
def close_db(exc):
    conn = g.pop("reports_db", None)
    if conn is not None:
        conn.close()


@bp.route("/")
@login_required
def dashboard():
    invoices = Invoice.query.filter_by(owner_id=current_user.id).order_by(Invoice.created_at.desc()).limit(20).all()
    return render_template("reports/dashboard.html", invoices=invoices)  # safe: xss


@bp.route("/search")
@login_required
def search():
    q = request.args.get("q", "")
    sort = request.args.get("sort", "created_at")
    conn = get_db()
    rows = conn.execute(
        "SELECT id, title FROM documents WHERE owner_id = ? AND title LIKE ?",  # safe: sqli
        (current_user.id, f"%{q}%"),
    ).fetchall()
    ordered = conn.execute(f"SELECT id, title FROM documents WHERE owner_id = {current_user.id} ORDER BY {sort}").fetchall()  # vuln: sqli
    return render_template("reports/search.html", rows=rows, ordered=ordered, q=q)


@bp.route("/by-status")
@login_required
def by_status():
    status = request.args.get("status", "open")
    query = "SELECT id, customer, amount_cents FROM invoices WHERE owner_id = %d AND status = '{}'".format(status) % current_user.id
    cur = get_db().cursor()
    cur.execute(query)  # vuln: sqli
    return render_template("reports/list.html", rows=cur.fetchall())


@bp.route("/by-year")
@login_required
def by_year():
    year = request.args.get("year", 2024, type=int)
    sql = "SELECT SUM(amount_cents) FROM invoices WHERE strftime('%Y', created_at) = '" + str(year) + "'"
    total = get_db().execute(sql).fetchone()[0]  # safe: sqli
    return render_template("reports/total.html", total=total, year=year)


@bp.route("/customers")
@login_required
def customers():
    name = request.args.get("name", "")
    orm_rows = Invoice.query.filter(Invoice.owner_id == current_user.id, Invoice.customer.ilike(f"%{name}%")).all()  # safe: sqli
    raw_rows = db.session.execute(text(f"SELECT * FROM invoices WHERE customer LIKE '%{name}%'")).fetchall()  # vuln: sqli
    bound_rows = db.session.execute(text("SELECT * FROM invoices WHERE owner_id = :uid"), {"uid": current_user.id}).fetchall()  # safe: sqli
    return render_template("reports/customers.html", orm_rows=orm_rows, raw_rows=raw_rows, bound_rows=bound_rows)


@bp.route("/sorted")
@login_required
def sorted_invoices():
    column = request.args.get("column", "created_at")
    rows = Invoice.query.filter_by(owner_id=current_user.id).order_by(text(column)).all()  # vuln: sqli
    return render_template("reports/list.html", rows=rows)


@bp.route("/bulk-close", methods=["POST"])
@login_required
def bulk_close():
    ids = request.form.getlist("id")
    conn = get_db()
    conn.execute("UPDATE invoices SET status = 'closed' WHERE id IN (" + ",".join(ids) + ")")  # vuln: sqli
    placeholders = ",".join("?" for _ in ids)
    conn.execute(f"UPDATE invoices SET status = 'closed' WHERE owner_id = ? AND id IN ({placeholders})", [current_user.id, *ids])  # safe: sqli
    conn.commit()
    return redirect(url_for("reports.dashboard"))  # safe: open-redirect


@bp.route("/welcome")
def welcome():
    name = request.args.get("name", "guest")
    return f"<h1>Reports for {name}</h1>"  # vuln: xss


@bp.route("/welcome-safe")
def welcome_safe():
    name = request.args.get("name", "guest")
    return f"<h1>Reports for {escape(name)}</h1>"  # safe: xss


@bp.route("/notice")
def notice():
    msg = request.args.get("msg", "")
    resp = make_response("<div class=\"notice\">" + msg + "</div>")  # vuln: xss
    return resp


@bp.route("/summary/<int:report_id>")
@login_required
def summary(report_id):
    report = SavedReport.query.filter_by(id=report_id, owner_id=current_user.id).first_or_404()
    note = Markup("<em>" + request.args.get("note", "") + "</em>")  # vuln: xss
    title = Markup("<strong>%s</strong>") % report.name  # safe: xss
    return render_template("reports/summary.html", report=report, note=note, title=title)


@bp.route("/error")
def error_page():
    detail = request.args.get("detail", "")
    return render_template_string("<p class=\"error\">{{ detail|safe }}</p>", detail=detail)  # vuln: xss


@bp.route("/export.txt")
@login_required
def export_text():
    rows = Invoice.query.filter_by(owner_id=current_user.id).all()
    return render_template("reports/export.txt", rows=rows, heading=request.args.get("heading", ""))  # vuln: xss


@bp.route("/print")
@login_required
def print_view():
    rows = Invoice.query.filter_by(owner_id=current_user.id).all()
    return render_template("reports/print.jinja2", rows=rows, note=request.args.get("note", ""))  # vuln: xss


@bp.route("/email-preview")
@login_required
def email_preview():
    template = email_env.get_template("invoice.html")
    return template.render(customer=request.args.get("customer", ""))


@bp.route("/evaluate/<int:report_id>")
@login_required
def evaluate(report_id):
    report = SavedReport.query.filter_by(id=report_id, owner_id=current_user.id).first_or_404()
    totals = {"total": sum(i.amount_cents for i in current_user.invoices) / 100}
    value = eval(report.formula, {"__builtins__": {}}, totals)  # vuln: code-exec
    return {"value": value}


@bp.route("/pdf")
@login_required
def export_pdf():
    name = request.args.get("name", "report")
    html = render_template("reports/print.html", rows=current_user.invoices.all())
    workdir = tempfile.mkdtemp()
    html_path = os.path.join(workdir, "report.html")
    with open(html_path, "w") as fh:  # safe: path-traversal
        fh.write(html)
    pdf_from_html(html_path, os.path.join(workdir, name + ".pdf"))
    return redirect(url_for("files.raw", filename=name + ".pdf"))  # safe: open-redirect


@bp.route("/back")
def back():
    target = request.args.get("to", "")
    if is_safe_url(target):
        return redirect(target)  # safe: open-redirect
    return redirect(request.args.get("fallback", "/reports/"))  # vuln: open-redirect


@bp.route("/preferences", methods=["POST"])
@login_required
def save_preferences():
    resp = make_response(redirect(url_for("reports.dashboard")))
    resp.set_cookie("report_view", request.form.get("view", "table"), secure=True, httponly=True, samesite="Lax")  # safe: cookie
    resp.set_cookie("report_session", current_user.get_id(), httponly=True)  # vuln: cookie
    return resp
