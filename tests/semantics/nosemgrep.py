# ok: eval-call
eval(a)  # nosemgrep
# ruleid: eval-call
eval(b)  # nosemgrep: some-other-rule
# ok: eval-call
eval(c)  # nosem: eval-call
# nosemgrep
eval(d)
x = 1  # nosemgrep
# ruleid: eval-call
eval(e)
# ok: eval-call
eval(f)  # NOSEMGREP
# ruleid: eval-call
eval(g)  #nosemgrep
# ok: eval-call
eval(  # nosemgrep
    h)
