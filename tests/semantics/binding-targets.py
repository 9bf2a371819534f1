def export_users(db, out):
    # ruleid: loop-over-cursor
    for row in db.execute("SELECT name, email FROM users"):
        # ruleid: uses-of-row
        out.write(row)
    # ok: uses-of-row
    names = [name for (name, row) in db.pairs()]
    # ok: uses-of-row
    with db.cursor() as row:
        pass
    # ok: pairs-built
    for (key, value) in db.settings():
        # ruleid: pairs-built
        out.write((key, value))
    # ok: pairs-built
    keys = {k for k, v in db.totals()}
    # ruleid: uses-of-row
    for row.name in db.names():
        pass
    return names + sorted(keys)
