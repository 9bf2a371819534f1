# ruleid: lambda-returns
plain = lambda a: f(a)
# ruleid: lambda-returns
single = lambda a, b: a < b
# ruleid: lambda-returns
inside = lambda a: g(a if a else None)
# ok: lambda-returns
cond = lambda a: a if a else None
# ok: lambda-returns
chain = lambda a, b, c: a < b < c
# ok: lambda-returns
walrus = lambda: (y := 1)
# ok: lambda-returns
sliced = lambda a: a[1:2]
# ok: lambda-returns
dcomp = lambda a: {k: v for k, v in a}
# ok: lambda-returns
scomp = lambda a: {k for k in a}
# ok: lambda-returns
dots = lambda: ...
# ruleid: lambda-returns
nested = lambda: lambda: 1
