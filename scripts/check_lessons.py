#!/usr/bin/env python3
"""Check the workshop lessons in rules/lessons/.

For every lesson file it checks the schema (the same fields `src/lessons.rs` reads), that
the exercise has at least 3 `# ruleid: exercise` and 2 `# ok: exercise` annotations and its
hidden cases (`exercise.hidden`) at least 2 of each, that the reference rule only uses the
operators the lessons teach, and then runs the rules:

  reference rule   must pass the visible and the hidden cases under `semgrep --test` and
                   `flasklight test`, and find exactly the hidden `ruleid` lines under both
                   once the annotation comments are blanked out (as Learn runs them)
  starter rule     must fail at least one visible annotation under `flasklight test`
                   (and, for information, whether semgrep finds exactly its ruleid lines)
  snippets         the reference rule must flag the `vulnerable` snippet and not the
                   `fixed` one, under flasklight and under semgrep

Each engine runs once over all lessons (one `semgrep --test` and one `semgrep scan` side
by side), so the whole check takes seconds of CPU time. Prints one row per lesson and exits 1 if any lesson fails.
With CI set (scripts/test.sh under .ci/run), a missing semgrep is a failure, not a skip.

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
EXERCISE_KEYS = {"instructions", "code", "starter_rule", "hints", "reference_rule", "hidden"}
# Operators a lesson's reference rule may use (what the workshop teaches).
TAUGHT = {"pattern", "patterns", "pattern-either", "pattern-not", "pattern-inside", "pattern-not-inside",
          "metavariable-regex", "metavariable-pattern", "focus-metavariable"}
RULE_KEYS = {"id", "languages", "severity", "message", "metadata", "fix"}
OPERAND_KEYS = {"metavariable", "regex", "language"}
SEMGREP = ["semgrep", "--metrics=off", "--disable-version-check", "--quiet"]
SEMGREP_ENV = dict(os.environ, SEMGREP_ENABLE_VERSION_CHECK="0")
# An annotation comment; its text is blanked out as `annotations::without_annotations` does.
ANNOTATION = re.compile(r"#(\s*(?:todoruleid|todook|ruleid|ok):[^\n]*)")


def annotations(code):
    ruleid = len(re.findall(r"#\s*ruleid:\s*exercise\b", code))
    ok = len(re.findall(r"#\s*ok:\s*exercise\b", code))
    return ruleid, ok


def ruleid_lines(code):
    """The lines a `# ruleid: exercise` applies to (the line after the comment)."""
    return {i + 2 for i, line in enumerate(code.split("\n")) if re.search(r"#\s*ruleid:\s*exercise\b", line)}


def blank_annotations(code):
    return "\n".join(ANNOTATION.sub(lambda m: "#" + " " * len(m.group(1)), line) for line in code.split("\n"))


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
        return None
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
    return rule


def check_schema(path, lesson, problems):
    keys = set(lesson)
    for k in sorted(LESSON_KEYS - OPTIONAL_KEYS - keys):
        problems.append(f"missing field {k}")
    for k in sorted(keys - LESSON_KEYS):
        problems.append(f"unknown field {k}")
    ex = lesson.get("exercise") or {}
    for k in sorted(EXERCISE_KEYS - set(ex)):
        problems.append(f"exercise: missing field {k}" + (" (the hidden test cases)" if k == "hidden" else ""))
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
    visible = annotations(str(ex.get("code", "")))
    if visible[0] < 3 or visible[1] < 2:
        problems.append(f"exercise has {visible[0]} ruleid / {visible[1]} ok annotations (want >= 3 / >= 2)")
    hidden = annotations(str(ex.get("hidden", "")))
    if hidden[0] < 2 or hidden[1] < 2:
        problems.append(f"hidden cases have {hidden[0]} ruleid / {hidden[1]} ok annotations (want >= 2 / >= 2)")
    check_rule(str(ex.get("reference_rule", "")), "reference_rule", problems, strict=True)
    check_rule(str(ex.get("starter_rule", "")), "starter_rule", problems, strict=False)
    return visible, hidden


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as fh:
        fh.write(text)


def start_semgrep(args):
    return subprocess.Popen(SEMGREP + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=SEMGREP_ENV)


def semgrep_test_results(proc):
    """{test file path: (passed, detail)} from a finished `semgrep --test --json` run."""
    out, err = proc.communicate()
    try:
        data = json.loads(out)
    except json.JSONDecodeError:
        return None, f"semgrep exited {proc.returncode}: {(err or out).strip()[-300:]}"
    results = {}
    for config, result in data.get("results", {}).items():
        for check in result.get("checks", {}).values():
            for path, m in check.get("matches", {}).items():
                exp, rep = set(m.get("expected_lines", [])), set(m.get("reported_lines", []))
                detail = []
                if exp - rep:
                    detail.append(f"missed {sorted(exp - rep)}")
                if rep - exp:
                    detail.append(f"extra {sorted(rep - exp)}")
                results[os.path.realpath(path)] = (exp == rep, " ".join(detail))
    for config in data.get("config_with_errors", []):
        results[os.path.realpath(os.path.splitext(str(config))[0] + ".py")] = (False, "config error")
    return results, ""


def flasklight_test(exe, folder):
    """{test file path: (passed, detail)} from `flasklight test folder`."""
    proc = subprocess.run([exe, "test", folder], capture_output=True, text=True)
    results, current = {}, None
    for line in proc.stdout.splitlines():
        row = re.match(r"(PASS|FAIL)\s+(\S+)\s+(\S+)$", line)
        if row:
            current = os.path.realpath(row.group(3))
            passed, detail = results.get(current, (True, ""))
            results[current] = (passed and row.group(1) == "PASS", detail)
        elif current and line.strip() and not re.fullmatch(r"\d+ passed, \d+ failed", line.strip()):
            passed, detail = results[current]
            results[current] = (passed, (detail + " " + line.strip()).strip())
    return results


def scan_lines(results):
    """{(rule id, file name): set of start lines} from scan JSON results (Semgrep
    prefixes rule ids with the config's path: the last dotted part is the id)."""
    lines = {}
    for r in results:
        rule = r["check_id"].rsplit(".", 1)[-1]
        lines.setdefault((rule, os.path.basename(r["path"])), set()).add(r["start"]["line"])
    return lines


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("lessons", nargs="*")
    ap.add_argument("--no-semgrep", action="store_true", help="skip the semgrep runs")
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
    if not paths:
        sys.exit("no lessons found")

    lessons = []  # (path, lesson, key, problems, counts)
    ids, orders = {}, {}
    for n, path in enumerate(paths):
        problems = []
        with open(path) as fh:
            try:
                lesson = yaml.safe_load(fh)
            except yaml.YAMLError as e:
                lesson, problems = {}, [f"YAML error: {e}"]
        if not isinstance(lesson, dict):
            lesson, problems = {}, problems or ["not a mapping"]
        counts = check_schema(path, lesson, problems) if lesson else ((0, 0), (0, 0))
        lid, order = lesson.get("id", "?"), lesson.get("order", "?")
        if lid in ids:
            problems.append(f"id also used by {ids[lid]}")
        if order in orders:
            problems.append(f"order also used by {orders[order]}")
        ids[lid], orders[order] = os.path.basename(path), os.path.basename(path)
        lessons.append((path, lesson, f"lesson{n:03d}", problems, counts))

    with tempfile.TemporaryDirectory() as tmp:
        # semgrep --test pairs exercise.yaml with exercise.py and exercise.hidden.py (the
        # name up to its first dot); flasklight test reads exercise.py only.
        sg_tests, fl_tests, fl_starters, scans = (os.path.join(tmp, d) for d in ("sg", "fl", "starters", "scans"))
        combined = {"rules": []}
        for path, lesson, key, problems, _ in lessons:
            ex = lesson.get("exercise") or {}
            code, hidden = str(ex.get("code", "")), str(ex.get("hidden", ""))
            ref, starter = str(ex.get("reference_rule", "")), str(ex.get("starter_rule", ""))
            write(os.path.join(sg_tests, key, "exercise.yaml"), ref)
            write(os.path.join(sg_tests, key, "exercise.py"), code)
            write(os.path.join(sg_tests, key, "exercise.hidden.py"), hidden)
            for part, text in (("visible", code), ("hidden", hidden)):
                write(os.path.join(fl_tests, f"{key}-{part}", "exercise.yaml"), ref)
                write(os.path.join(fl_tests, f"{key}-{part}", "exercise.py"), text)
            write(os.path.join(fl_starters, key, "exercise.yaml"), starter)
            write(os.path.join(fl_starters, key, "exercise.py"), code)
            # One config for every scan: reference and starter rules renamed after their
            # lesson, each limited to its lesson's files.
            for prefix, text in (("lesson", ref), ("starter", starter)):
                try:
                    rule = dict(yaml.safe_load(text)["rules"][0])
                except Exception:
                    continue
                rule["id"] = prefix + key[len("lesson"):]
                rule["paths"] = {"include": [f"{key}.*"]}
                combined["rules"].append(rule)
            write(os.path.join(scans, f"{key}.visible.py"), code)
            write(os.path.join(scans, f"{key}.hidden.py"), blank_annotations(hidden))
            write(os.path.join(scans, f"{key}.vulnerable.py"), str(lesson.get("vulnerable", "")))
            write(os.path.join(scans, f"{key}.fixed.py"), str(lesson.get("fixed", "")))
        config = os.path.join(tmp, "all-rules.yaml")
        write(config, yaml.safe_dump(combined, sort_keys=False))

        if use_semgrep:
            sg_ref = start_semgrep(["--test", "--json", sg_tests])
            sg_scan = start_semgrep(["--config", config, "--json", scans])
        fl_ref = flasklight_test(args.flasklight, fl_tests)
        fl_start = flasklight_test(args.flasklight, fl_starters)
        proc = subprocess.run([args.flasklight, "scan", "--config", config, "--json", scans], capture_output=True, text=True)
        fl_hits = scan_lines(json.loads(proc.stdout).get("results", []))
        sg_hits, sg_ref_results, sg_error = {}, {}, ""
        if use_semgrep:
            sg_ref_results, sg_error = semgrep_test_results(sg_ref)
            out, err = sg_scan.communicate()
            try:
                sg_hits = scan_lines(json.loads(out).get("results", []))
            except json.JSONDecodeError:
                sg_error = sg_error or f"semgrep scan failed: {err.strip()[-300:]}"
            sg_ref_results = sg_ref_results or {}

        rows, failures, notes = [], 0, []
        mark = lambda v: "-" if v is None else ("pass" if v else "fail")
        for path, lesson, key, problems, (visible, hidden_counts) in lessons:
            lid = lesson.get("id", "?")
            ex = lesson.get("exercise") or {}
            starter_key = "starter" + key[len("lesson"):]
            fl_pass = []
            for part in ("visible", "hidden"):
                ok, detail = fl_ref.get(os.path.realpath(os.path.join(fl_tests, f"{key}-{part}", "exercise.py")), (False, "not run"))
                fl_pass.append(ok)
                if not ok:
                    problems.append(f"reference rule fails the {part} cases under flasklight: {detail}")
            sg_pass = [None, None]
            if use_semgrep:
                for i, name in enumerate(("exercise.py", "exercise.hidden.py")):
                    ok, detail = sg_ref_results.get(os.path.realpath(os.path.join(sg_tests, key, name)), (False, sg_error or "not run"))
                    sg_pass[i] = ok
                    if not ok:
                        problems.append(f"reference rule fails {name} under semgrep --test: {detail}")
            fl_starter = fl_start.get(os.path.realpath(os.path.join(fl_starters, key, "exercise.py")), (None, ""))[0]
            # For information: whether semgrep finds exactly the starter's ruleid lines.
            visible_lines = ruleid_lines(str(ex.get("code", "")))
            sg_starter = sg_hits.get((starter_key, f"{key}.visible.py"), set()) == visible_lines if use_semgrep else None
            if fl_starter:
                problems.append("starter rule already passes under flasklight (nothing to learn)")

            # The hidden cases as Learn runs them: without their annotation comments.
            expected = ruleid_lines(str(ex.get("hidden", "")))
            for engine, hits in (("flasklight", fl_hits), ("semgrep", sg_hits)) if use_semgrep else (("flasklight", fl_hits),):
                found = hits.get((key, f"{key}.hidden.py"), set())
                if found != expected:
                    problems.append(f"reference rule on the hidden cases without their comments ({engine}): "
                                    f"missed {sorted(expected - found)} extra {sorted(found - expected)}")

            snippet_counts = []
            for engine, hits in (("flasklight", fl_hits), ("semgrep", sg_hits)) if use_semgrep else (("flasklight", fl_hits),):
                vuln = len(hits.get((key, f"{key}.vulnerable.py"), ()))
                fixed = len(hits.get((key, f"{key}.fixed.py"), ()))
                if not vuln:
                    problems.append(f"reference rule does not flag the vulnerable snippet ({engine})")
                if fixed:
                    problems.append(f"reference rule flags the fixed snippet ({engine})")
                snippet_counts.append(f"{vuln}/{fixed}")
            for name in ("vulnerable", "fixed") if use_semgrep else ():
                ours, theirs = (len(h.get((key, f"{key}.{name}.py"), ())) for h in (fl_hits, sg_hits))
                if ours != theirs:
                    notes.append(f"  {lid}: engine difference on the {name} snippet: semgrep {theirs} "
                                 f"line(s), flasklight {ours}")

            verdict = "ok" if not problems else "FAIL"
            failures += bool(problems)
            both = lambda pair: None if None in pair else all(pair)
            rows.append([str(lesson.get("order", "?")), str(lid), str(lesson.get("class", "?")),
                         f"{visible[0]}/{visible[1]}", f"{hidden_counts[0]}/{hidden_counts[1]}",
                         mark(both(sg_pass)), mark(all(fl_pass)), mark(fl_starter), mark(sg_starter),
                         " ".join(snippet_counts), verdict, problems])

    head = ["#", "id", "class", "ruleid/ok", "hidden", "ref:semgrep", "ref:flasklight", "starter:flasklight",
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
