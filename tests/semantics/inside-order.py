def handler():
    db = connect("x")
    table = db.Table("t")
    # ruleid: query-on-a-connected-table
    table.query(1)

def unconnected(something):
    table = something.Table("t")
    # ok: query-on-a-connected-table
    table.query(2)

def another_connection(other):
    db = connect("x")
    table = other.Table("t")
    # ok: query-on-a-connected-table
    table.query(3)
