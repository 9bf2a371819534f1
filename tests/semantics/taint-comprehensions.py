from flask import g, request


def plain_list():
    ids = [i for i in request.args]
    # ruleid: sql-from-request
    g.db.execute("SELECT * FROM t WHERE id IN (%s)" % ",".join(ids))


def filtered_and_indexed():
    ids = [i[0] for i in request.args if i]
    # ruleid: sql-from-request
    g.db.execute("SELECT * FROM t WHERE id IN (%s)" % ",".join(ids))


def converted_by_a_call():
    ids = [int(i) for i in request.args]
    # ok: sql-from-request
    g.db.execute("SELECT * FROM t WHERE id IN (%s)" % ",".join(map(str, ids)))


def generator_of_calls():
    # ok: sql-from-request
    g.db.execute("SELECT * FROM t WHERE id IN (%s)" % ",".join(str(i) for i in request.args))


def pair_with_a_call():
    pairs = [(i.strip(), i) for i in request.args]
    # ruleid: sql-from-request
    g.db.execute("SELECT * FROM t WHERE (a, b) IN (%s)" % pairs)


def formatted_items():
    items = [f"'{i}'" for i in request.args]
    # ok: sql-from-request
    g.db.execute("SELECT * FROM t WHERE name IN (%s)" % ",".join(items))


def as_a_set():
    ids = {i for i in request.args}
    # ok: sql-from-request
    g.db.execute("SELECT * FROM t WHERE id IN (%s)" % ",".join(ids))


def as_a_dict():
    filters = {k: v for k, v in request.args.items()}
    # ok: sql-from-request
    g.db.execute("SELECT * FROM t WHERE %s" % filters)


def sink_inside():
    # ruleid: sql-from-request
    return [g.db.execute("SELECT * FROM t WHERE id = " + i) for i in request.args]
