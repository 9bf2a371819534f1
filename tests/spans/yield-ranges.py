def worker(jobs):
    yield
    sent = yield
    got = (yield)
    total = (yield len(jobs))
    log((yield))
    (yield)
    rest = (yield from jobs)
    yield 1
