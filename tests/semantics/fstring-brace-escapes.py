from flask import request


def page():
    name = request.args["name"]
    # ruleid: html-then-field
    plain = f"<h3>{name}</h3>"
    # ok: html-then-field
    templated = f"""{{ extends "layout.html" }}
<div class="error"><h3>{name}</h3></div>"""
    # ruleid: html-then-field
    closing = f"<p>}} {name}</p>"
    # ruleid: escaped-exactly
    opening = f"<b>{{ {name}"
    # ruleid: field-then-text
    tail = f"{name} done"
    # ok: field-then-text
    braced_tail = f"{name} {{ done"
    # ok: html-then-field
    leading = f"{{<h3>{name}"
    return plain + templated + closing + opening + tail + braced_tail + leading


def plain_footer():
    # ruleid: newline-then-end
    return "\nEND"


def escaped_footer(name):
    # ruleid: field-then-text
    return f"{name}\nEND"


def spanning_footer(name):
    # ruleid: newline-then-end, field-then-text
    return f"""{name}
END"""
