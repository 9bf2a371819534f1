"""Configuration classes, selected by `create_app(config_object)`."""
import os
from datetime import timedelta

BASE_DIR = os.path.abspath(os.path.dirname(__file__))


class Config:
    # Base settings shared by every environment.
    SECRET_KEY = "9c1f6e3b2a7d4c8e0f5a6b7c8d9e0f1a"  # vuln: secret
    DEBUG = True  # vuln: debug
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", "sqlite:///" + os.path.join(BASE_DIR, "app.db"))
    SQLALCHEMY_TRACK_MODIFICATIONS = False
    REPORTS_DB = os.path.join(BASE_DIR, "reports.sqlite3")
    UPLOAD_FOLDER = os.path.join(BASE_DIR, "uploads")
    AVATAR_FOLDER = os.path.join(BASE_DIR, "static", "avatars")
    LOG_DIR = "/var/log/vulnapp/"
    MAX_CONTENT_LENGTH = 8 * 1024 * 1024
    PERMANENT_SESSION_LIFETIME = timedelta(hours=8)
    SESSION_COOKIE_HTTPONLY = True  # safe: cookie
    SESSION_COOKIE_SAMESITE = "Lax"  # safe: cookie
    SLACK_WEBHOOK = os.environ.get("SLACK_WEBHOOK", "")
    BILLING_URL = "https://billing.internal.example.com"
    CA_BUNDLE = os.environ.get("REQUESTS_CA_BUNDLE", True)
    JWT_SECRET = "jwt-s3cr3t-do-not-share"  # vuln: secret


class DevConfig(Config):
    SESSION_COOKIE_SECURE = False  # safe: cookie
    SQLALCHEMY_ECHO = True


class TestConfig(Config):
    TESTING = True
    WTF_CSRF_ENABLED = False  # safe: csrf
    SQLALCHEMY_DATABASE_URI = "sqlite://"


class StagingConfig(Config):
    # staging sits behind the corporate proxy which terminates TLS... sometimes
    SECRET_KEY = os.environ.get("SECRET_KEY", "staging-secret")  # vuln: secret
    SESSION_COOKIE_SECURE = False  # vuln: cookie


class ProductionConfig(Config):
    SECRET_KEY = os.environ.get("SECRET_KEY")  # safe: secret
    SESSION_COOKIE_SECURE = True  # safe: cookie
    REMEMBER_COOKIE_SECURE = True  # safe: cookie
    REMEMBER_COOKIE_HTTPONLY = True  # safe: cookie
