"""Database models (Flask-SQLAlchemy)."""
import hashlib
from datetime import datetime

from flask_login import UserMixin
from werkzeug.security import check_password_hash, generate_password_hash

from .extensions import db


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id = db.Column(db.Integer, primary_key=True)
    username = db.Column(db.String(80), unique=True, nullable=False)
    email = db.Column(db.String(200), unique=True, nullable=False)
    password_hash = db.Column(db.String(256))
    legacy_hash = db.Column(db.String(64))  # md5 hashes imported from the old PHP site
    is_admin = db.Column(db.Boolean, default=False)
    api_token_hash = db.Column(db.String(64), index=True)
    created_at = db.Column(db.DateTime, default=datetime.utcnow)

    invoices = db.relationship("Invoice", backref="owner", lazy="dynamic")
    documents = db.relationship("Document", backref="owner", lazy="dynamic")

    def set_password(self, password):
        self.password_hash = generate_password_hash(password)  # safe: weak-hash
        self.legacy_hash = None

    def check_password(self, password):
        if self.password_hash:
            return check_password_hash(self.password_hash, password)
        # fall back to the imported hashes until everybody has logged in once
        return self.legacy_hash == hashlib.md5(password.encode("utf-8")).hexdigest()  # vuln: weak-hash

    def avatar_url(self, size=80):
        digest = hashlib.md5(self.email.strip().lower().encode("utf-8")).hexdigest()  # safe: weak-hash
        return f"https://www.gravatar.com/avatar/{digest}?d=identicon&s={size}"

    def __repr__(self):
        return f"<User {self.username}>"


def hash_api_token(token):
    return hashlib.sha256(token.encode("utf-8")).hexdigest()  # safe: weak-hash


class Invoice(db.Model):
    __tablename__ = "invoices"

    id = db.Column(db.Integer, primary_key=True)
    owner_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False)
    customer = db.Column(db.String(200), nullable=False)
    amount_cents = db.Column(db.Integer, nullable=False)
    status = db.Column(db.String(20), default="open")
    created_at = db.Column(db.DateTime, default=datetime.utcnow)

    def to_dict(self):
        return {
            "id": self.id,
            "customer": self.customer,
            "amount": self.amount_cents / 100,
            "status": self.status,
            "created_at": self.created_at.isoformat(),
        }


class Document(db.Model):
    __tablename__ = "documents"

    id = db.Column(db.Integer, primary_key=True)
    owner_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False)
    title = db.Column(db.String(200))
    filename = db.Column(db.String(255), nullable=False)  # stored via secure_filename()
    created_at = db.Column(db.DateTime, default=datetime.utcnow)


class SavedReport(db.Model):
    __tablename__ = "saved_reports"

    id = db.Column(db.Integer, primary_key=True)
    owner_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False)
    name = db.Column(db.String(120))
    # a small arithmetic expression over the report's columns, e.g. "total * 1.2"
    formula = db.Column(db.String(500))
