from flask import request

q = request.args.get("q")
def q(): pass
# ruleid: rebound-name-to-eval
eval(q)  # precise-ok: rebound-name-to-eval

def view():
    p = request.args.get("p")
    def p(x):
        return x
    # ruleid: rebound-name-to-eval
    eval(p)  # precise-ok: rebound-name-to-eval

def other_view():
    c = request.args.get("c")
    class c: pass
    # ruleid: rebound-name-to-eval
    eval(c)  # precise-ok: rebound-name-to-eval
