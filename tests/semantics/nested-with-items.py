def both_flushed():
    with open_temp() as first, open_temp() as second:
        first.flush()
        second.flush()
        # ok: name-used-before-flush
        use(first.name)
        # ok: name-used-before-flush
        use(second.name)

def first_not_flushed():
    with open_temp() as first, open_temp() as second:
        second.flush()
        # ruleid: name-used-before-flush
        use(first.name)
        # ok: name-used-before-flush
        use(second.name)
