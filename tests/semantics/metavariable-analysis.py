import re

# ruleid: random-looking-secret
AWS_KEY = "AKIAIOSFODNN7EXAMPLEaZ93jKsLmQ"
# ruleid: random-looking-secret
SECRET_KEY = "5f4dcc3b5aa765d61d8327deb882cf99"
# ruleid: random-looking-secret
STRIPE = "sk_live_51H8xYzAbCdEfGhIjKlMnOpQr"
# ruleid: random-looking-secret
TOKEN = "c2VjcmV0LWtleS1iYXNlNjQ="
# ruleid: random-looking-secret
PASSWORD = "Xy7#kP2$mQ9!"
# ok: random-looking-secret
NAME = "bob"
# ok: random-looking-secret
DEFAULT = "changeme"
# ok: random-looking-secret
HINT = "my_secret_key_for_flask_app"
# ok: random-looking-secret
API = "https://api.example.com/v1/users"
# ok: random-looking-secret
PHRASE = "correct horse battery staple"
# ok: random-looking-secret
QUERY = "SELECT * FROM users WHERE id = ?"
# ok: random-looking-secret
ENV = "development"
# ok: random-looking-secret
SHORT = "f8Kq2Lz9"

# ruleid: redos-regex
EMAIL = re.compile("^([a-z0-9]+\\.?)*@example\\.com$")
# ruleid: redos-regex
NESTED = re.compile("(a+)+$")
# ok: redos-regex
WORD = re.compile("^[a-z]+$")
# ok: redos-regex
IP = re.compile("^\\d{1,3}(\\.\\d{1,3}){3}$")
