"""Application factory for vulnapp."""
import logging
import os

from flask import Flask, jsonify, render_template, request

from .extensions import csrf, db, login_manager


def create_app(config_object="vulnapp.config.ProductionConfig"):
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(config_object)
    app.config.from_pyfile("local.cfg", silent=True)

    if os.environ.get("VULNAPP_SECRET"):
        app.secret_key = os.environ["VULNAPP_SECRET"]  # safe: secret

    app.config.update(
        # the dashboard's JavaScript reads the session id to open the websocket
        SESSION_COOKIE_HTTPONLY=False,  # vuln: cookie
        WTF_CSRF_TIME_LIMIT=None,
        WTF_CSRF_SSL_STRICT=True,
    )
    if app.config.get("EMBED_MODE"):
        # the invoice widget is embedded on customer sites in an iframe
        app.config["SESSION_COOKIE_SAMESITE"] = "None"  # vuln: cookie
    if os.environ.get("VULNAPP_ENV") == "demo":
        app.debug = True  # vuln: debug
    if os.environ.get("VULNAPP_API_ONLY"):
        # views opt in with @csrf.protect() -- none of them do
        app.config["WTF_CSRF_CHECK_DEFAULT"] = False  # vuln: csrf

    logging.basicConfig(level=logging.DEBUG if app.debug else logging.INFO)  # safe: debug

    db.init_app(app)
    csrf.init_app(app)
    login_manager.init_app(app)

    from .models import User

    @login_manager.user_loader
    def load_user(user_id):
        return db.session.get(User, int(user_id))

    from .blueprints import admin, api, auth, directory, files, notes, reports

    app.register_blueprint(auth.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(files.bp)
    app.register_blueprint(reports.bp)
    app.register_blueprint(directory.bp)
    app.register_blueprint(notes.bp)

    @app.errorhandler(404)
    def not_found(error):
        if request.path.startswith("/api/"):
            return jsonify(error="not found"), 404
        return render_template("404.html", path=request.path), 404  # safe: xss

    @app.route("/healthz")
    def healthz():
        return {"status": "ok"}

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        return response

    return app
