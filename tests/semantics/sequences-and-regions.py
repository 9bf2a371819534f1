import sys

import requests
from flask import Flask
from flask.views import MethodView

app = Flask(__name__)


class Records(MethodView):
    # ruleid: view-side-effect
    def get(self, record_id):
        log(record_id)
        delete_record(record_id)
        return "ok"

    # ruleid: handler-with-request
    def post(self, request):
        # ruleid: api-view-input
        return request.form.get("name")

    # ruleid: handler-with-request
    def helper(self, request):
        # ok: api-view-input
        return request.form.get("name")


@api_view(["POST"])
def create(req):
    # ruleid: api-view-input
    return req.form.get("title")


def plain(req):
    # ok: api-view-input
    return req.form.get("title")


def save(items):
    # ruleid: session-then-commit
    s = Session()
    for item in items:
        s.add(item)
    s.commit()
    s.refresh(items)
    s.commit()


def fetch(url):
    # ruleid: response-assigned
    page = requests.get(url)
    # ruleid: response-assigned
    page.body, page.status = requests.post(url)
    # ok: response-assigned
    requests.delete(url)
    return page


# ruleid: route-decorator-name
@app.route("/")
def index():
    return "home"


# ok: route-decorator-name
@app.routes("/")
def other():
    return "other"


def arguments():
    # ruleid: argv-item
    first = sys.argv[1]
    # ok: argv-item
    rest = sys.argv[1:]
    return first, rest


def configure(app):
    # ruleid: debug-config-with-key
    app.config.update({"DEBUG": True, "SECRET_KEY": "dev"})
    # ruleid: debug-config-with-key
    app.config.update({"SECRET_KEY": "dev", "TESTING": False, "DEBUG": True})
    # ok: debug-config-with-key
    app.config.update({"DEBUG": False, "SECRET_KEY": "dev"})
