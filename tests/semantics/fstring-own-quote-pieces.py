def page(name):
    # ok: starts-before-value
    a = f"""<a href="{name}">"""
    # ruleid: starts-before-value
    b = f"""<a href='{name}'>"""
    # ruleid: starts-before-value
    c = f'''<a href="{name}">'''
    # ruleid: starts-before-value
    d = f"""<a href=\"{name}\">"""
    # ruleid: starts-before-value
    e = f"<a href=\"{name}\">"
    # ok: starts-before-value
    g = f'''<a href='{name}'>'''
    # ok: starts-before-value
    h = f"""<div class="row">
        <img src="{name}" />
    </div>"""
    return a + b + c + d + e + g + h
