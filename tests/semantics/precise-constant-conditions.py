# precise_constant_conditions: a branch whose condition folds to a constant
# runs only its live arm. Semgrep reads no condition: the plain annotations
# are its results; `# precise-...:` comments what the option changes.
from flask import request, g


def arithmetic():
    param = request.args.get("p")
    num = 86
    if (7 * 42) - num > 200:
        bar = "constant"
    else:
        bar = param
    # ruleid: precise-constant-conditions
    g.db.execute(f"SELECT '{bar}'")  # precise-ok: precise-constant-conditions


def always_false_arm_taints():
    param = request.args.get("p")
    num = 86
    if (7 * 42) - num > 300:
        bar = "constant"
    else:
        bar = param
    # ruleid: precise-constant-conditions
    g.db.execute(f"SELECT '{bar}'")


def string_checks():
    param = request.args.get("p")
    guess = "ABC"
    if "B" not in guess or not guess.startswith("A") or guess[1] != "B":
        bar = param
    else:
        bar = "safe"
    # ruleid: precise-constant-conditions
    g.db.execute("SELECT " + bar)  # precise-ok: precise-constant-conditions


def conditional_expression():
    param = request.args.get("p")
    num = 106
    bar = "This should never happen" if (7 * 18) + num > 200 else param
    if (7 * 18) + num > 200:
        bar = "constant"
    # ruleid: precise-constant-conditions
    g.db.execute(bar)  # precise-ok: precise-constant-conditions


def match_on_constant():
    param = request.args.get("p")
    guess = "ABC"
    match guess[2]:
        case "A":
            bar = param
        case "C":
            bar = "bob"
        case _:
            bar = param
    # ruleid: precise-constant-conditions
    g.db.execute(bar)  # precise-ok: precise-constant-conditions


def not_constant(flag):
    param = request.args.get("p")
    if flag > 200:
        bar = "constant"
    else:
        bar = param
    # ruleid: precise-constant-conditions
    g.db.execute(bar)


def returns_in_dead_arm():
    param = request.args.get("p")
    if 1 > 2:
        return
    # ruleid: precise-constant-conditions
    g.db.execute(param)


def reassigned_condition_is_unknown(items):
    param = request.args.get("p")
    num = 1
    for item in items:
        num = num + 1
    if num > 5:
        bar = "constant"
    else:
        bar = param
    # ruleid: precise-constant-conditions
    g.db.execute(bar)


def length_of_constant():
    param = request.args.get("p")
    word = "abcd"
    if len(word) > 3:
        bar = "constant"
    else:
        bar = param
    # ruleid: precise-constant-conditions
    g.db.execute(bar)  # precise-ok: precise-constant-conditions


def index_and_slice_of_name():
    param = request.args.get("p")
    s = "abc"
    if s[0] == "a" and s[1:] == "bc" and s[-2:] != "ab":
        bar = "constant"
    else:
        bar = param
    # ruleid: precise-constant-conditions
    g.db.execute(bar)  # precise-ok: precise-constant-conditions


def index_that_fails():
    param = request.args.get("p")
    s = "abc"
    if s[0] == "b":
        bar = "constant"
    else:
        bar = param
    # ruleid: precise-constant-conditions
    g.db.execute(bar)


def walrus_in_condition():
    param = request.args.get("p")
    if (num := 7 * 42) > 200:
        bar = "constant"
    else:
        bar = param
    # ruleid: precise-constant-conditions
    g.db.execute(bar)  # precise-ok: precise-constant-conditions


def while_false_body_is_dead():
    param = request.args.get("p")
    bar = "constant"
    while False:
        bar = param
    # ruleid: precise-constant-conditions
    g.db.execute(bar)  # precise-ok: precise-constant-conditions


def while_true_never_leaves():
    param = request.args.get("p")
    while True:
        serve_one()
    # ruleid: precise-constant-conditions
    g.db.execute(param)  # precise-ok: precise-constant-conditions


def while_true_breaks_out():
    param = request.args.get("p")
    while True:
        if ready():
            break
    # ruleid: precise-constant-conditions
    g.db.execute(param)


def while_condition_the_loop_changes():
    param = request.args.get("p")
    n = 0
    bar = "constant"
    while n < 3:
        n = n + 1
        bar = param
    # ruleid: precise-constant-conditions
    g.db.execute(bar)


def conditional_expression_dead_arm():
    param = request.args.get("p")
    num = 86
    bar = param if (7 * 42) - num > 300 else "constant"
    # ruleid: precise-constant-conditions
    g.db.execute(bar)  # precise-ok: precise-constant-conditions


def conditional_expression_live_arm():
    param = request.args.get("p")
    num = 86
    bar = param if (7 * 42) - num > 200 else "constant"
    # ruleid: precise-constant-conditions
    g.db.execute(bar)


def conditional_expression_in_sink():
    param = request.args.get("p")
    # ruleid: precise-constant-conditions
    g.db.execute("constant" if len("ab") == 2 else param)  # precise-ok: precise-constant-conditions
