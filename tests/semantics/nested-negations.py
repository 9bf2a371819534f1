from markupsafe import Markup, escape

CONFIG_PATH = "settings.ini"


def load_settings():
    # ok: open-outside-handlers
    return open(CONFIG_PATH).read()


def load_report(name):
    # ruleid: open-outside-handlers
    return open(name).read()


def handle_get(path):
    # ok: open-outside-handlers
    return open(path).read()


def handle_post(path):
    # ok: open-outside-handlers
    with open(path) as fh:
        return fh.read()


GREETING = "<b>Hello</b>"


def banner(user):
    # ok: markup-from-non-literal
    title = Markup("<h1>Welcome</h1>")
    # ok: markup-from-non-literal
    hello = Markup(GREETING)
    # ok: markup-from-non-literal
    safe = Markup(escape(user.name))
    # ruleid: markup-from-non-literal
    raw = Markup(user.bio)
    # ruleid: markup-from-non-literal
    mixed = Markup("<i>" + user.name + "</i>")
    return title, hello, safe, raw, mixed
