#!/usr/bin/env python3
"""Measure the Flask rule pack against a labelled vulnerable app, next to Bandit.

Runs these scanners over tests/corpus/vulnapp:

  flasklight  target/debug/flasklight scan --config rules/flask --json
  bandit      bandit -r -f json                          (pip install bandit)
  semgrep     semgrep --config rules/flask --json        (the same rules, real Semgrep)
  community   semgrep --config DIR --json                (with --community DIR: Semgrep's
              registry rules, e.g. python/flask/security + python/lang/security of
              github.com/semgrep/semgrep-rules fetched outside this repository)

and scores their findings against the labels in the app's source:

  `# vuln: <class>`  a deliberate vulnerability; found when a finding starts on that line
  `# safe: <class>`  a look-alike; a finding starting here is a false alarm
  anything else      unlabelled; a finding starting here is also a false alarm

A false alarm is one distinct (file, line, rule) finding. Per-class false alarms are
counted on `safe:` lines of that class; findings on unlabelled lines get their own row.

Usage: scripts/measure_pack.py [--details] [--skip bandit,semgrep] [--corpus DIR] [--rules DIR]
                               [--community DIR] [--precise rules|all|exact]
A scanner that is not installed is reported and left out of the table.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LABEL = re.compile(r"#\s*(vuln|safe):\s*([a-z-]+)")
CLASSES = [
    "debug", "cookie", "secret", "sqli", "cmdi", "code-exec", "ssti", "xss", "path-traversal",
    "open-redirect", "ssrf", "tls", "deserialization", "weak-hash", "csrf", "access-control",
    "weak-random", "xpath", "ldap", "xxe", "trust-boundary",
]


class Finding:
    def __init__(self, path, start, end, rule, severity=""):
        self.path, self.start, self.end, self.rule, self.severity = path, start, end, rule, severity

    def key(self):
        return (self.path, self.start, self.rule)


def read_labels(corpus):
    """{(relpath, line): (kind, class)} for every labelled line of every .py file."""
    labels = {}
    for dirpath, dirnames, filenames in os.walk(corpus):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "__pycache__")))
        for name in sorted(filenames):
            if not name.endswith(".py"):
                continue
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, corpus)
            with open(path, encoding="utf-8") as fh:
                for lineno, text in enumerate(fh, 1):
                    m = LABEL.search(text)
                    if m:
                        kind, cls = m.groups()
                        if cls not in CLASSES:
                            sys.exit(f"{rel}:{lineno}: unknown class {cls!r}")
                        labels[(rel, lineno)] = (kind, cls)
    return labels


def rel(corpus, path):
    return os.path.relpath(os.path.abspath(path), corpus)


def run_json(cmd, env=None, ok_codes=(0, 1)):
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=env)
    if proc.returncode not in ok_codes:
        raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}: {proc.stderr.strip()[-500:]}")
    return json.loads(proc.stdout)


def semgrep_shaped(data, corpus):
    """Findings from Semgrep's JSON shape (flasklight emits the same shape)."""
    return [
        Finding(rel(corpus, r["path"]), r["start"]["line"], r["end"]["line"],
                r["check_id"].rsplit(".", 1)[-1], r.get("extra", {}).get("severity", ""))
        for r in data.get("results", [])
    ]


RULES = os.path.join(ROOT, "rules", "flask")


def outside_repository(corpus, tmp):
    """A copy of the corpus outside this repository: the rules' `paths: exclude`
    leave out test code (tests/, test_*.py), and the corpus lives under tests/."""
    copy = os.path.join(tmp, os.path.basename(corpus))
    shutil.copytree(corpus, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def scan_flasklight(corpus):
    exe = os.path.join(ROOT, "target", "debug", "flasklight")
    if not os.path.exists(exe):
        exe = shutil.which("flasklight")
    if not exe:
        raise RuntimeError("flasklight binary not found (cargo build first)")
    with tempfile.TemporaryDirectory() as tmp:
        copy = outside_repository(corpus, tmp)
        data = run_json([exe, "scan", "--config", RULES, "--json", *PRECISE, copy])
        return semgrep_shaped(data, copy)


COMMUNITY = None
# flasklight's analyses beyond Semgrep's: [] as each rule's options say, ["--precise"] all, ["--exact"] none.
PRECISE = []


def scan_semgrep(corpus, rules=None):
    if not shutil.which("semgrep"):
        raise RuntimeError("semgrep not installed")
    env = dict(os.environ, SEMGREP_ENABLE_VERSION_CHECK="0")
    # Inside this repository Semgrep would scan only git-tracked files and its default
    # .semgrepignore skips tests/; scan a copy outside the repository instead.
    with tempfile.TemporaryDirectory() as tmp:
        copy = outside_repository(corpus, tmp)
        data = run_json(["semgrep", "--metrics=off", "--disable-version-check", "--quiet", "--config",
                         rules or RULES, "--json", copy], env=env)
        scanned = len(data.get("paths", {}).get("scanned", []))
        if scanned == 0:
            raise RuntimeError("semgrep scanned no files")
        return semgrep_shaped(data, copy)


def scan_community(corpus):
    if not COMMUNITY:
        raise RuntimeError("no --community rule directory given")
    return scan_semgrep(corpus, COMMUNITY)


def scan_bandit(corpus):
    if not shutil.which("bandit"):
        raise RuntimeError("bandit not installed (pip install bandit)")
    data = run_json(["bandit", "-q", "-r", "-f", "json", corpus])
    out = []
    for r in data.get("results", []):
        lines = r.get("line_range") or [r["line_number"]]
        out.append(Finding(rel(corpus, r["filename"]), r["line_number"], max(lines),
                           f'{r["test_id"]}:{r["test_name"]}', r.get("issue_severity", "")))
    return out


def score(findings, labels):
    """Per-class found vuln lines and false alarms, plus the lists behind them."""
    starts = defaultdict(list)
    for f in findings:
        starts[(f.path, f.start)].append(f)
    found = {k for k, (kind, _) in labels.items() if kind == "vuln" and k in starts}
    # lenient: any finding whose line span covers the labelled line
    covered = {
        k for k, (kind, _) in labels.items()
        if kind == "vuln" and any(f.path == k[0] and f.start <= k[1] <= f.end for f in findings)
    }
    false_alarms = defaultdict(list)
    seen = set()
    for f in findings:
        if f.key() in seen:
            continue
        seen.add(f.key())
        kind, cls = labels.get((f.path, f.start), (None, None))
        if kind == "vuln":
            continue
        false_alarms[cls if kind == "safe" else "unlabelled"].append(f)
    return found, covered, false_alarms


def main():
    global RULES, COMMUNITY
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", default=os.path.join(ROOT, "tests", "corpus", "vulnapp"))
    ap.add_argument("--details", action="store_true", help="list missed lines and false alarms")
    ap.add_argument("--skip", default="", help="comma-separated scanners to leave out")
    ap.add_argument("--rules", default=RULES, help="rule directory for flasklight and semgrep (default rules/flask)")
    ap.add_argument("--community", help="directory of Semgrep registry rules to score as well")
    ap.add_argument("--precise", choices=["rules", "all", "exact"], default="rules",
                    help="flasklight's analyses beyond Semgrep's: as each rule's options say (default), "
                         "all of them (--precise), or none (--exact: Semgrep's results)")
    args = ap.parse_args()
    RULES = os.path.abspath(args.rules)
    PRECISE = {"rules": [], "all": ["--precise"], "exact": ["--exact"]}[args.precise]
    COMMUNITY = os.path.abspath(args.community) if args.community else None
    corpus = os.path.abspath(args.corpus)
    labels = read_labels(corpus)
    vulns = {k: c for k, (kind, c) in labels.items() if kind == "vuln"}

    tools = {}
    for name, scan in (("flasklight", scan_flasklight), ("semgrep", scan_semgrep), ("community", scan_community),
                       ("bandit", scan_bandit)):
        if name in args.skip.split(",") or (name == "community" and not COMMUNITY):
            continue
        try:
            tools[name] = scan(corpus)
        except (RuntimeError, json.JSONDecodeError) as e:
            print(f"[{name} skipped: {e}]", file=sys.stderr)
    scores = {name: score(fs, labels) for name, fs in tools.items()}

    names = list(tools)
    head = ["class", "vuln"] + [f"{n} found" for n in names] + [f"{n} FA" for n in names]
    rows = []
    for cls in CLASSES + ["unlabelled"]:
        total = sum(1 for c in vulns.values() if c == cls)
        row = [cls, str(total) if cls != "unlabelled" else "-"]
        for n in names:
            found = sum(1 for k in scores[n][0] if vulns[k] == cls)
            row.append(f"{found}/{total}" if cls != "unlabelled" else "-")
        for n in names:
            row.append(str(len(scores[n][2].get(cls, []))))
        rows.append(row)
    total_row = ["TOTAL", str(len(vulns))]
    for n in names:
        total_row.append(f"{len(scores[n][0])}/{len(vulns)}")
    for n in names:
        total_row.append(str(sum(len(v) for v in scores[n][2].values())))
    rows.append(total_row)

    widths = [max(len(r[i]) for r in [head] + rows) for i in range(len(head))]
    fmt = lambda r: "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths)))
    versions = []
    for name, cmd in (("bandit", ["bandit", "--version"]), ("semgrep", ["semgrep", "--version"])):
        if name in tools:
            out = subprocess.run(cmd, capture_output=True, text=True, env=dict(os.environ, SEMGREP_ENABLE_VERSION_CHECK="0"))
            versions.append(f"{name} {(out.stdout.split() or ['?', '?'])[1 if name == 'bandit' else 0]}")
    shown = os.path.relpath(RULES, ROOT) if RULES.startswith(ROOT + os.sep) else RULES
    print(f"rules: {shown}  corpus: {os.path.relpath(corpus, ROOT)}  ({len(vulns)} vuln lines, "
          f"{sum(1 for k, v in labels.items() if v[0] == 'safe')} safe look-alikes)"
          + (f"  [{', '.join(versions)}]" if versions else ""))
    print(fmt(head))
    print("  ".join("-" * w for w in widths))
    for r in rows:
        if r[0] == "TOTAL":
            print("  ".join("-" * w for w in widths))
        print(fmt(r))
    print()
    for n in names:
        found, covered, fas = scores[n]
        fa_total = sum(len(v) for v in fas.values())
        fa_safe = fa_total - len(fas.get("unlabelled", []))
        print(f"{n:10}  recall {100 * len(found) / max(1, len(vulns)):5.1f}%   "
              f"(span-covering: {len(covered)}/{len(vulns)})   false alarms {fa_total} "
              f"({fa_safe} on safe look-alikes, {len(fas.get('unlabelled', []))} on unlabelled lines)   "
              f"findings {len(tools[n])}")
    if "bandit" in tools:
        med = [f for f in tools["bandit"] if f.severity in ("MEDIUM", "HIGH")]
        found, _, fas = score(med, labels)
        print(f"{'bandit -ll':10}  recall {100 * len(found) / max(1, len(vulns)):5.1f}%   "
              f"(medium/high severity only)   false alarms {sum(len(v) for v in fas.values())}")
        if "flasklight" in tools:
            only_bandit = sorted(scores["bandit"][0] - scores["flasklight"][0])
            print(f"vuln lines bandit finds and flasklight misses: {len(only_bandit)}"
                  + "".join(f"\n  {p}:{l} ({vulns[(p, l)]})" for p, l in only_bandit))

    if args.details:
        for n in names:
            found, _, fas = scores[n]
            print(f"\n== {n}: missed vuln lines")
            for k in sorted(set(vulns) - found, key=lambda k: (CLASSES.index(vulns[k]), k)):
                print(f"  {vulns[k]:15} {k[0]}:{k[1]}")
            print(f"== {n}: false alarms")
            for cls, fs in sorted(fas.items()):
                for f in sorted(fs, key=lambda f: (f.path, f.start)):
                    print(f"  {cls:15} {f.path}:{f.start}  {f.rule}")


if __name__ == "__main__":
    main()
