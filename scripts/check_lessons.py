#!/usr/bin/env python3
"""Check the workshop lessons in rules/lessons/.

For every lesson file it checks the schema (the same fields `src/lessons.rs` reads), that
the exercise has at least 3 `# ruleid: exercise` and 2 `# ok: exercise` annotations, that
the reference rule only uses the operators the lessons teach, and then runs the exercise:

  reference rule   must pass under `semgrep --test` and `flasklight test`
  starter rule     must fail at least one annotation under `flasklight test`
                   (and, for information, under semgrep)
  snippets         the reference rule must flag the `vulnerable` snippet and not the
                   `fixed` one, under flasklight and under semgrep

Prints one row per lesson and exits 1 if any lesson fails. With CI set (scripts/test.sh
under .ci/run), a missing semgrep is a failure, not a skip.

Usage: scripts/check_lessons.py [--no-semgrep] [--flasklight PATH] [LESSON.yaml ...]
Needs PyYAML (pip install pyyaml).
"""
import argparse
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

try:
    import yaml
except ImportError:
    sys.exit("check_lessons.py needs PyYAML: pip install pyyaml")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LESSON_KEYS = {"id", "order", "title", "class", "summary", "story", "incident", "vulnerable", "fixed",
               "exercise", "references"}
OPTIONAL_KEYS = {"incident"}
EXERCISE_KEYS = {"instructions", "code", "starter_rule", "hints", "reference_rule"}
# Operators a lesson's reference rule may use (what the workshop teaches).
TAUGHT = {"pattern", "patterns", "pattern-either", "pattern-not", "pattern-inside", "pattern-not-inside",
          "metavariable-regex", "metavariable-pattern", "focus-metavariable"}
RULE_KEYS = {"id", "languages", "severity", "message", "metadata", "fix"}
OPERAND_KEYS = {"metavariable", "regex", "language"}
SEMGREP_ENV = dict(os.environ, SEMGREP_ENABLE_VERSION_CHECK="0")


def annotations(code):
    ruleid = len(re.findall(r"#\s*ruleid:\s*exercise\b", code))
    ok = len(re.findall(r"#\s*ok:\s*exercise\b", code))
    return ruleid, ok


def operators(node, problems, where="rule"):
    """Collect operator keys below a rule; report anything outside TAUGHT."""
    if isinstance(node, list):
        for item in node:
            operators(item, problems, where)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key in TAUGHT:
                if key in ("pattern-either", "patterns") and not isinstance(value, list):
                    problems.append(f"{where}: {key} must be a list")
                operators(value, problems, key)
            elif key in OPERAND_KEYS:
                continue
            else:
                problems.append(f"{where}: operator {key!r} is not one the lessons teach")


def check_rule(text, label, problems, strict):
    try:
        doc = yaml.safe_load(text)
        rules = doc["rules"]
        assert isinstance(rules, list) and len(rules) == 1
        rule = rules[0]
    except Exception:
        problems.append(f"{label}: not a YAML file with exactly one rule")
        return
    if rule.get("id") != "exercise":
        problems.append(f"{label}: rule id must be 'exercise'")
    if rule.get("languages") != ["python"]:
        problems.append(f"{label}: languages must be [python]")
    for key in ("message", "severity"):
        if key not in rule:
            problems.append(f"{label}: missing {key}")
    if strict:
        body = {k: v for k, v in rule.items() if k not in RULE_KEYS}
        operators(body, problems, label)


def check_schema(path, lesson, problems):
    keys = set(lesson)
    for k in sorted(LESSON_KEYS - OPTIONAL_KEYS - keys):
        problems.append(f"missing field {k}")
    for k in sorted(keys - LESSON_KEYS):
        problems.append(f"unknown field {k}")
    ex = lesson.get("exercise") or {}
    for k in sorted(EXERCISE_KEYS - set(ex)):
        problems.append(f"exercise: missing field {k}")
    for k in sorted(set(ex) - EXERCISE_KEYS):
        problems.append(f"exercise: unknown field {k}")
    name = os.path.basename(path)
    m = re.fullmatch(r"(\d\d)-([a-z0-9-]+)\.yaml", name)
    if not m:
        problems.append(f"file name {name} is not NN-slug.yaml")
    elif int(m.group(1)) != lesson.get("order"):
        problems.append(f"file number {m.group(1)} does not match order {lesson.get('order')}")
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", str(lesson.get("id", ""))):
        problems.append("id is not a slug")
    story = str(lesson.get("story", "")).strip()
    paragraphs = [p for p in re.split(r"\n\s*\n", story) if p.strip()]
    if not 2 <= len(paragraphs) <= 4:
        problems.append(f"story has {len(paragraphs)} paragraphs (want 2-4)")
    hints = ex.get("hints") or []
    if not 2 <= len(hints) <= 4:
        problems.append(f"{len(hints)} hints (want 2-4)")
    refs = lesson.get("references") or []
    if not refs or not all(str(r).startswith("https://") for r in refs):
        problems.append("references must be a non-empty list of https URLs")
    ruleid, ok = annotations(str(ex.get("code", "")))
    if ruleid < 3 or ok < 2:
        problems.append(f"exercise has {ruleid} ruleid / {ok} ok annotations (want >= 3 / >= 2)")
    check_rule(str(ex.get("reference_rule", "")), "reference_rule", problems, strict=True)
    check_rule(str(ex.get("starter_rule", "")), "starter_rule", problems, strict=False)
    return ruleid, ok


def write_case(tmp, code, rule):
    for name in os.listdir(tmp):
        os.remove(os.path.join(tmp, name))
    with open(os.path.join(tmp, "exercise.py"), "w") as fh:
        fh.write(code)
    with open(os.path.join(tmp, "exercise.yaml"), "w") as fh:
        fh.write(rule)


def run_flasklight(exe, tmp):
    proc = subprocess.run([exe, "test", tmp], capture_output=True, text=True)
    detail = " ".join(l.strip() for l in proc.stdout.splitlines() if l.strip().startswith("line"))
    return proc.returncode == 0, detail or proc.stderr.strip()[-200:]


def run_semgrep(tmp):
    proc = subprocess.run(["semgrep", "--metrics=off", "--disable-version-check", "--quiet", "--test", "--json", tmp],
                          capture_output=True, text=True, env=SEMGREP_ENV)
    try:
        data = json.loads(proc.stdout)
    except json.JSONDecodeError:
        return False, f"semgrep exited {proc.returncode}: {proc.stderr.strip()[-200:]}"
    if data.get("config_with_errors"):
        return False, "config error"
    checks = [c for r in data.get("results", {}).values() for c in r.get("checks", {}).values()]
    if not checks:
        return False, "no test ran"
    bad = []
    for c in checks:
        for m in c.get("matches", {}).values():
            exp, rep = set(m.get("expected_lines", [])), set(m.get("reported_lines", []))
            if exp - rep:
                bad.append(f"missed {sorted(exp - rep)}")
            if rep - exp:
                bad.append(f"extra {sorted(rep - exp)}")
    ok = all(c.get("passed") for c in checks)
    return ok, " ".join(bad)


def count_scan(cmd, env=None):
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    try:
        return len(json.loads(proc.stdout).get("results", []))
    except json.JSONDecodeError:
        return None


def snippet_hits(exe, tmp, rule, snippets, use_semgrep):
    """{(engine, name): number of findings of `rule` in each snippet}."""
    for name in os.listdir(tmp):
        os.remove(os.path.join(tmp, name))
    rule_path = os.path.join(tmp, "rule.yaml")
    with open(rule_path, "w") as fh:
        fh.write(rule)
    hits = {}
    for name, code in snippets.items():
        path = os.path.join(tmp, f"{name}.py")
        with open(path, "w") as fh:
            fh.write(code)
        hits[("flasklight", name)] = count_scan([exe, "scan", "--config", rule_path, "--json", path])
        if use_semgrep:
            hits[("semgrep", name)] = count_scan(
                ["semgrep", "--metrics=off", "--disable-version-check", "--quiet", "--config", rule_path,
                 "--json", path], env=SEMGREP_ENV)
    return hits


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("lessons", nargs="*")
    ap.add_argument("--no-semgrep", action="store_true", help="skip the semgrep --test runs")
    ap.add_argument("--flasklight", default=os.path.join(ROOT, "target", "debug", "flasklight"))
    args = ap.parse_args()
    paths = args.lessons or sorted(glob.glob(os.path.join(ROOT, "rules", "lessons", "*.yaml")))
    use_semgrep = not args.no_semgrep and shutil.which("semgrep")
    in_ci = os.environ.get("CI", "").strip().lower() not in ("", "0", "false")
    if not args.no_semgrep and not use_semgrep:
        if in_ci:
            sys.exit("check_lessons.py: semgrep is not on PATH, and CI is set: run scripts/setup.sh")
        print("!" * 78 + "\n!! semgrep not found: lessons are checked with flasklight only\n" + "!" * 78,
              file=sys.stderr)
    if not os.path.exists(args.flasklight):
        sys.exit(f"flasklight binary not found at {args.flasklight} (cargo build first)")

    rows, failures, ids, orders, notes = [], 0, {}, {}, []
    with tempfile.TemporaryDirectory() as tmp:
        for path in paths:
            problems = []
            with open(path) as fh:
                try:
                    lesson = yaml.safe_load(fh)
                except yaml.YAMLError as e:
                    lesson, problems = {}, [f"YAML error: {e}"]
            if not isinstance(lesson, dict):
                lesson, problems = {}, problems or ["not a mapping"]
            ruleid, ok = check_schema(path, lesson, problems) if lesson else (0, 0)
            lid, order = lesson.get("id", "?"), lesson.get("order", "?")
            if lid in ids:
                problems.append(f"id also used by {ids[lid]}")
            if order in orders:
                problems.append(f"order also used by {orders[order]}")
            ids[lid], orders[order] = os.path.basename(path), os.path.basename(path)
            ex = lesson.get("exercise") or {}
            code, ref, starter = str(ex.get("code", "")), str(ex.get("reference_rule", "")), str(ex.get("starter_rule", ""))

            write_case(tmp, code, ref)
            fl_ref, fl_ref_detail = run_flasklight(args.flasklight, tmp)
            sg_ref, sg_ref_detail = run_semgrep(tmp) if use_semgrep else (None, "")
            write_case(tmp, code, starter)
            fl_start, fl_start_detail = run_flasklight(args.flasklight, tmp)
            sg_start, _ = run_semgrep(tmp) if use_semgrep else (None, "")

            snippets = {"vulnerable": str(lesson.get("vulnerable", "")), "fixed": str(lesson.get("fixed", ""))}
            hits = snippet_hits(args.flasklight, tmp, ref, snippets, use_semgrep)
            engines = ["flasklight", "semgrep"] if use_semgrep else ["flasklight"]
            for engine in engines:
                if not hits[(engine, "vulnerable")]:
                    problems.append(f"reference rule does not flag the vulnerable snippet ({engine})")
                if hits[(engine, "fixed")]:
                    problems.append(f"reference rule flags the fixed snippet ({engine})")
            snip = " ".join(f"{hits[(e, 'vulnerable')]}/{hits[(e, 'fixed')]}" for e in engines)
            for name in snippets if use_semgrep else ():
                if hits[("flasklight", name)] != hits[("semgrep", name)]:
                    notes.append(f"  {lid}: engine difference on the {name} snippet: semgrep "
                                 f"{hits[('semgrep', name)]} finding(s), flasklight {hits[('flasklight', name)]}")
            if not fl_ref:
                problems.append(f"reference rule fails under flasklight: {fl_ref_detail}")
            if sg_ref is False:
                problems.append(f"reference rule fails under semgrep: {sg_ref_detail}")
            if fl_start:
                problems.append("starter rule already passes under flasklight (nothing to learn)")
            verdict = "ok" if not problems else "FAIL"
            failures += bool(problems)
            mark = lambda v: "-" if v is None else ("pass" if v else "fail")
            rows.append([str(order), str(lid), str(lesson.get("class", "?")), f"{ruleid}/{ok}",
                         mark(sg_ref), mark(fl_ref), mark(fl_start), mark(sg_start), snip, verdict, problems])

    head = ["#", "id", "class", "ruleid/ok", "ref:semgrep", "ref:flasklight", "starter:flasklight",
            "starter:semgrep", "vuln/fixed hits (fl sg)", "result"]
    table = [head] + [r[:-1] for r in rows]
    widths = [max(len(r[i]) for r in table) for i in range(len(head))]
    for i, r in enumerate(table):
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
        if i == 0:
            print("  ".join("-" * w for w in widths))
    for r in rows:
        for p in r[-1]:
            print(f"  {r[1]}: {p}")
    for n in notes:
        print(n)
    print(f"{len(rows) - failures} of {len(rows)} lessons ok"
          + ("" if use_semgrep else " (semgrep not run)"))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
