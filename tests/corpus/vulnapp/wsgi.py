"""Entry point for gunicorn (`gunicorn wsgi:app`) and for local runs."""
import os

from vulnapp import create_app

app = create_app(os.environ.get("VULNAPP_CONFIG", "vulnapp.config.ProductionConfig"))


if __name__ == "__main__":
    # "temporary" so QA could reach the box from their laptops
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", "5000")), debug=True)  # vuln: debug
