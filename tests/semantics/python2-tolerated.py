def report(rows, out):
    # ruleid: print-call
    print "rows:", len(rows)
    # ruleid: print-call
    print [row.name for row in rows]
    # ok: print-call
    print
    # ruleid: async-argument
    out.send(rows, async=True)
    # ok: async-argument
    out.send(rows, async=False)
    return out.async

label =\
    # a comment line here is not Python 3
    # ruleid: secret-literal
    "s3cr3t"
