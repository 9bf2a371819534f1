#!/usr/bin/env python3
"""Differential exploration: random patterns cut from real code, run by flasklight and Semgrep.

Picks expressions and statements from the target files, turns some of their
parts into metavariables or ellipses, writes one rule per pattern, runs both
engines over the same targets and prints every (rule, file, line range) on
which they disagree, with the pattern.

Usage: scripts/explore_diff.py [--seed N] [--rules N] [--flasklight BIN]
                               [--semgrep BIN] [--keep DIR] TARGET...
Not part of the test suite (it is random by design); the disagreements it
finds become cases in tests/semantics or tests/patterns.rs.
"""
import argparse
import ast
import copy
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile


def py_files(paths):
    for p in paths:
        if os.path.isdir(p):
            for root, _, names in os.walk(p):
                for n in sorted(names):
                    if n.endswith(".py") and not n.endswith(".fixed.py"):
                        yield os.path.join(root, n)
        elif p.endswith(".py"):
            yield p


class Mutator:
    def __init__(self, rng):
        self.rng = rng
        self.names = iter(["$A", "$B", "$C", "$D", "$E", "$F", "$G", "$H"])
        self.bound = {}

    def metavar(self, node):
        key = ast.dump(node)
        if key in self.bound and self.rng.random() < 0.8:
            return self.bound[key]
        try:
            name = next(self.names)
        except StopIteration:
            return None
        self.bound[key] = name
        return name

    def expr(self, node, depth=0):
        """A mutated copy of an expression node."""
        r = self.rng.random()
        if depth > 0 and r < 0.25 and not isinstance(node, (ast.Starred,)):
            name = self.metavar(node)
            if name:
                return ast.Name(id=name, ctx=ast.Load())
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and r < 0.5:
            return ast.Constant(value="...")
        if isinstance(node, ast.Call):
            func = self.expr(node.func, depth + 1) if self.rng.random() < 0.5 else node.func
            args = [self.expr(a, depth + 1) for a in node.args]
            kws = [ast.keyword(arg=k.arg, value=self.expr(k.value, depth + 1)) for k in node.keywords]
            c = self.rng.random()
            if c < 0.25:
                args, kws = [ast.Constant(value=Ellipsis)], []
            elif c < 0.45 and kws:
                keep = self.rng.choice(kws)
                args, kws = [ast.Constant(value=Ellipsis)], [keep]
                if self.rng.random() < 0.5:
                    kws = [keep, ast.keyword(arg=None, value=ast.Name(id="...", ctx=ast.Load()))]
            elif c < 0.6 and args:
                args = args[:1] + [ast.Constant(value=Ellipsis)]
            elif c < 0.7 and args:
                args = [ast.Constant(value=Ellipsis)] + args[-1:]
            return ast.Call(func=func, args=args, keywords=kws)
        if isinstance(node, ast.Attribute):
            return ast.Attribute(value=self.expr(node.value, depth + 1), attr=node.attr, ctx=ast.Load())
        if isinstance(node, ast.Subscript):
            return ast.Subscript(value=self.expr(node.value, depth + 1), slice=self.expr(node.slice, depth + 1), ctx=ast.Load())
        if isinstance(node, ast.BinOp):
            return ast.BinOp(left=self.expr(node.left, depth + 1), op=node.op, right=self.expr(node.right, depth + 1))
        if isinstance(node, ast.Compare):
            return ast.Compare(left=self.expr(node.left, depth + 1), ops=node.ops,
                               comparators=[self.expr(c, depth + 1) for c in node.comparators])
        if isinstance(node, ast.BoolOp):
            return ast.BoolOp(op=node.op, values=[self.expr(v, depth + 1) for v in node.values])
        if isinstance(node, ast.JoinedStr) and r < 0.5:
            vals = []
            for v in node.values:
                if isinstance(v, ast.FormattedValue):
                    vals.append(ast.FormattedValue(value=self.expr(v.value, depth + 1), conversion=v.conversion, format_spec=None))
                else:
                    vals.append(v)
            return ast.JoinedStr(values=vals)
        if isinstance(node, (ast.List, ast.Tuple)) and node.elts and r < 0.5:
            elts = [self.expr(e, depth + 1) for e in node.elts]
            if self.rng.random() < 0.5:
                elts = elts[:1] + [ast.Constant(value=Ellipsis)]
            return type(node)(elts=elts, ctx=ast.Load())
        if isinstance(node, ast.Dict) and r < 0.5 and all(k is not None for k in node.keys):
            return ast.Dict(keys=[self.expr(k, depth + 1) for k in node.keys], values=[self.expr(v, depth + 1) for v in node.values])
        return copy.deepcopy(node)

    def stmt(self, node):
        if isinstance(node, ast.Assign):
            targets = [self.expr(t, 1) if self.rng.random() < 0.5 else t for t in node.targets]
            for t in targets:
                if not isinstance(t, ast.Name):
                    ast.fix_missing_locations(t)
            return ast.Assign(targets=targets, value=self.expr(node.value, 0), lineno=0)
        if isinstance(node, ast.Expr):
            return ast.Expr(value=self.expr(node.value, 0))
        if isinstance(node, ast.Return) and node.value is not None:
            return ast.Return(value=self.expr(node.value, 0))
        if isinstance(node, (ast.FunctionDef,)):
            body = [ast.Expr(value=ast.Constant(value=Ellipsis))]
            if node.body and self.rng.random() < 0.5:
                inner = self.rng.choice(node.body)
                if isinstance(inner, (ast.Assign, ast.Expr, ast.Return)):
                    body = [ast.Expr(value=ast.Constant(value=Ellipsis)), self.stmt(inner), ast.Expr(value=ast.Constant(value=Ellipsis))]
            args = node.args if self.rng.random() < 0.4 else ast.arguments(
                posonlyargs=[], args=[], vararg=None, kwonlyargs=[], kw_defaults=[], kwarg=None, defaults=[])
            decos = [self.expr(d, 1) for d in node.decorator_list]
            name = node.name if self.rng.random() < 0.5 else (self.metavar(ast.Name(id=node.name)) or node.name)
            f = ast.FunctionDef(name=name, args=args, body=body, decorator_list=decos, returns=None, type_params=[])
            if not args.args and not args.vararg and not args.kwonlyargs and not args.kwarg:
                f.args = ast.arguments(posonlyargs=[], args=[], vararg=None, kwonlyargs=[], kw_defaults=[], kwarg=None, defaults=[])
                f._dots_args = True
            return f
        if isinstance(node, ast.If):
            test = self.expr(node.test, 0)
            return ast.If(test=test, body=[ast.Expr(value=ast.Constant(value=Ellipsis))], orelse=[])
        if isinstance(node, ast.With):
            items = [ast.withitem(context_expr=self.expr(i.context_expr, 0), optional_vars=i.optional_vars) for i in node.items]
            return ast.With(items=items, body=[ast.Expr(value=ast.Constant(value=Ellipsis))], lineno=0)
        return None


def render(node):
    text = ast.unparse(ast.fix_missing_locations(node))
    if getattr(node, "_dots_args", False):
        text = text.replace("():", "(...):", 1)
    # ast.unparse writes the keyword ellipsis as **...; Semgrep's form is a bare `...`.
    text = text.replace("**...", "...")
    return text


def patterns_from(tree, rng, count):
    exprs, stmts = [], []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Call, ast.Attribute, ast.Subscript, ast.BinOp, ast.Compare, ast.JoinedStr, ast.BoolOp, ast.Dict)):
            exprs.append(node)
        if isinstance(node, (ast.Assign, ast.Expr, ast.Return, ast.FunctionDef, ast.If, ast.With)):
            stmts.append(node)
    out = []
    for _ in range(count):
        m = Mutator(rng)
        if stmts and rng.random() < 0.45:
            node = m.stmt(rng.choice(stmts))
            if node is None:
                continue
        elif exprs:
            node = m.expr(rng.choice(exprs), 0)
        else:
            continue
        try:
            text = render(node)
        except Exception:
            continue
        if len(text) > 300 or "\n" in text and len(text.splitlines()) > 8:
            continue
        if text.strip() in ("...", "$A"):
            continue
        out.append(text)
    return out


def scalar(text, indent):
    """A YAML scalar: JSON-quoted on one line, a literal block when multi-line."""
    if "\n" not in text:
        return json.dumps(text)
    pad = " " * indent
    return "|\n" + "\n".join(pad + l for l in text.splitlines())


def formula_yaml(formula, indent):
    """Lines for a formula: ("pattern", text), ("either", [formula]), ("patterns", [(key, value)])."""
    pad = " " * indent
    kind, value = formula
    if kind not in ("either", "patterns"):
        return [f"{pad}{kind}: {scalar(value, indent + 2)}"]
    if kind == "either":
        lines = [f"{pad}pattern-either:"]
        for f in value:
            sub = formula_yaml(f, indent + 4)
            sub[0] = pad + "  - " + sub[0].lstrip()
            lines += sub
        return lines
    lines = [f"{pad}patterns:"]
    for key, v in value:
        if key == "metavariable-regex":
            lines += [f"{pad}  - metavariable-regex:", f"{pad}      metavariable: {json.dumps(v[0])}", f"{pad}      regex: {json.dumps(v[1])}"]
        elif key == "focus-metavariable":
            lines.append(f"{pad}  - focus-metavariable: {json.dumps(v)}")
        elif key == "either":
            sub = formula_yaml(("either", v), indent + 4)
            sub[0] = pad + "  - " + sub[0].lstrip()
            lines += sub
        else:
            lines.append(f"{pad}  - {key}: {scalar(v, indent + 6)}")
    return lines


def rule_yaml(rules):
    lines = ["rules:"]
    for rid, formula in rules:
        lines += [f"  - id: {rid}", "    languages: [python]", "    severity: WARNING", "    message: m"]
        lines += formula_yaml(formula, 4)
    return "\n".join(lines) + "\n"


def describe(formula):
    kind, value = formula
    if kind not in ("either", "patterns"):
        return repr(value) if kind == "pattern" else f"{kind}: {value!r}"
    if kind == "either":
        return "either[" + ", ".join(describe(f) for f in value) + "]"
    return "patterns[" + ", ".join(f"{k}: {v!r}" for k, v in value) + "]"


INSIDES = ["def $FUNC(...):\n    ...", "@$APP.route(...)\ndef $FUNC(...):\n    ...", "with $CTX:\n    ...",
           "if $COND:\n    ...", "for $ITEM in $ITEMS:\n    ...", "try:\n    ...\nexcept $EXC:\n    ...", "class $CLS:\n    ..."]


def metavars(text):
    import re
    return sorted(set(re.findall(r"\$[A-Z_][A-Z0-9_]*", text)))


def compose(rng, pool, words):
    """A random formula over patterns from the pool."""
    p = rng.choice(pool)
    r = rng.random()
    if r < 0.35:
        return ("pattern", p)
    if r < 0.45:
        return ("either", [("pattern", p), ("pattern", rng.choice(pool))])
    items = [("pattern", p)]
    for _ in range(rng.randint(1, 3)):
        c = rng.random()
        mvs = metavars(p)
        if c < 0.3:
            items.append(("pattern-inside", rng.choice(INSIDES)))
        elif c < 0.45:
            items.append(("pattern-not-inside", rng.choice(INSIDES)))
        elif c < 0.65:
            items.append(("pattern-not", rng.choice(pool)))
        elif c < 0.8 and mvs:
            w = rng.choice(words)
            cut = rng.randint(1, max(1, len(w) - 1))
            regex = rng.choice([w[:cut], "^" + w[:cut], w[cut:] + "$", "(?i)" + w[:cut].upper(), ".*"])
            items.append(("metavariable-regex", (rng.choice(mvs), regex)))
        elif c < 0.9 and mvs:
            items.append(("focus-metavariable", rng.choice(mvs)))
        else:
            items.append(("either", [("pattern-inside", rng.choice(INSIDES)), ("pattern-inside", rng.choice(INSIDES))]))
    return ("patterns", items)


def findings(cmd):
    out = subprocess.run(cmd, capture_output=True, text=True, env=dict(os.environ, SEMGREP_ENABLE_VERSION_CHECK="0"))
    try:
        doc = json.loads(out.stdout)
    except json.JSONDecodeError:
        sys.exit(f"{cmd[0]}: no JSON\n{out.stderr[-2000:]}")
    got = set()
    for r in doc.get("results", []):
        rid = r["check_id"].rsplit(".", 1)[-1]
        got.add((rid, os.path.normpath(r["path"]), r["start"]["line"], r["start"]["col"], r["end"]["line"], r["end"]["col"]))
    bad = set()
    for e in doc.get("errors", []):
        rid = e.get("rule_id")
        if rid:
            bad.add(rid.rsplit(".", 1)[-1])
    return got, bad, doc.get("errors", [])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--rules", type=int, default=300)
    ap.add_argument("--flasklight", default="target/release/flasklight")
    ap.add_argument("--semgrep", default="semgrep")
    ap.add_argument("--keep")
    ap.add_argument("--composite", type=float, default=0.5, help="share of rules with more than one pattern")
    ap.add_argument("targets", nargs="+")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    tmp = args.keep or tempfile.mkdtemp()
    os.makedirs(tmp, exist_ok=True)
    # Semgrep's default ignores skip paths under tests/: scan a copy.
    copy_root = os.path.join(tmp, "targets")
    shutil.rmtree(copy_root, ignore_errors=True)
    os.makedirs(copy_root)
    for i, t in enumerate(args.targets):
        dest = os.path.join(copy_root, f"t{i}_{os.path.basename(os.path.normpath(t))}")
        (shutil.copytree if os.path.isdir(t) else shutil.copy)(t, dest)
    files = list(py_files([copy_root]))
    trees = []
    for f in files:
        try:
            trees.append(ast.parse(open(f, encoding="utf-8").read()))
        except (SyntaxError, UnicodeDecodeError):
            pass
    pool, seen = [], set()
    while len(pool) < args.rules:
        for text in patterns_from(rng.choice(trees), rng, 5):
            if text not in seen:
                seen.add(text)
                pool.append(text)
    words = sorted({n.id for t in trees for n in ast.walk(t) if isinstance(n, ast.Name) and len(n.id) > 2} or {"x"})
    rules = []
    for i, text in enumerate(pool):
        formula = ("pattern", text) if rng.random() >= args.composite else compose(rng, pool, words)
        rules.append((f"r{i}", formula))
    by_id = dict(rules)
    config = os.path.join(tmp, "rules.yaml")
    with open(config, "w") as fh:
        fh.write(rule_yaml(rules))
    sg, sg_bad, sg_errors = findings([args.semgrep, "--metrics=off", "--disable-version-check", "--json", "--quiet", "--config", config, copy_root])
    fl, fl_bad, _ = findings([args.flasklight, "scan", "--json", "--config", config, copy_root])
    skip = sg_bad | fl_bad
    for e in sg_errors:
        if not e.get("rule_id") and e.get("level") == "error":
            print("semgrep error:", e.get("message", "")[:200], file=sys.stderr)
    diffs = {}
    for tag, a, b in (("only-semgrep", sg, fl), ("only-flasklight", fl, sg)):
        for f in sorted(a - b):
            if f[0] in skip:
                continue
            diffs.setdefault(f[0], []).append((tag,) + f[1:])
    print(f"{len(rules)} rules, {len(skip)} rejected by an engine "
          f"(semgrep {len(sg_bad)}, flasklight {len(fl_bad)}), {len(sg)} semgrep / {len(fl)} flasklight findings, "
          f"{len(diffs)} rules disagree")
    only_fl_bad = sorted(fl_bad - sg_bad, key=lambda r: int(r[1:]))
    for rid in only_fl_bad:
        print(f"  flasklight rejects {rid}: {describe(by_id[rid])}")
    for rid in sorted(diffs, key=lambda r: int(r[1:])):
        print(f"--- {rid}: {describe(by_id[rid])}")
        for d in diffs[rid][:6]:
            print("    ", *d)
    return 0


if __name__ == "__main__":
    sys.exit(main())
