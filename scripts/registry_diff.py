#!/usr/bin/env python3
"""Registry differential: a folder of rules, each on its own test files, under flasklight and Semgrep.

Rule mode (default): every rule file of RULES (`<stem>.yaml`) is paired with the
test files beside it as `semgrep --test` pairs them (same name up to the first
dot, any other extension, `.fixed.` files left out), then run by

    flasklight scan --json --config R T...          (one call per rule file)
    semgrep --json --metrics=off --config R... T... (many rule files per call)

and every disagreement is printed: a rule one side refuses (with both
messages), findings only one side reports (rule, path, start-end), different
fixes. The last line sums it up; the share of (rule x test file) cases that
agree is the registry floor of issue 20.

Apps mode (`--apps DIR...`): the whole RULES folder over whole application
trees, each engine choosing its own targets; compares the files read
(`paths.scanned` / `paths.skipped` of `--json -v`) and the findings.

Known differences (`tests/registry_known.txt`, or `--known FILE`) are
marked: the output names each disagreement that is not listed there, and
each listed one that is gone, so the list stays exact.

Semgrep's results are cached under ~/.cache/flasklight/registry_diff (keyed by
the hashes of the rule and test files and Semgrep's version), so a re-run after
an engine change only runs flasklight again.

Usage: scripts/registry_diff.py RULES [--only TEXT] [--json] [--flasklight BIN]
                                [--semgrep BIN] [--jobs N] [--no-cache]
       scripts/registry_diff.py RULES --apps DIR... [--json]
Python 3.11, standard library only.
"""
import argparse
import collections
import concurrent.futures
import hashlib
import json
import os
import re
import subprocess
import sys

SEMGREP_ENV = dict(os.environ, SEMGREP_ENABLE_VERSION_CHECK="0")
RULE_SUFFIXES = (".yaml", ".yml")
TEST_RULE_SUFFIXES = (".test.yaml", ".test.yml")
# Rule files per Semgrep call: one call loads its rules once for all targets.
BATCH = 400


# ---------------------------------------------------------------- rule files


def is_rule_file(name):
    """A rule config as `semgrep --test` finds them (not a test or fixed file)."""
    if name.startswith(".") or not name.endswith(RULE_SUFFIXES):
        return False
    return not name.endswith(TEST_RULE_SUFFIXES) and ".fixed." not in name


def has_rules(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return any(line.startswith(("rules:", '"rules":')) for line in f)
    except OSError:
        return False


def stem(name):
    return name.split(".", 1)[0]


def rule_files(root):
    """Rule files under `root`, relative to it, sorted."""
    out = []
    for directory, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            path = os.path.join(directory, name)
            if is_rule_file(name) and has_rules(path):
                out.append(os.path.relpath(path, root))
    return out


def test_files(root, rule):
    """The test files `semgrep --test` pairs with rule file `rule` (relative to root)."""
    directory, name = os.path.split(rule)
    out = []
    for other in sorted(os.listdir(os.path.join(root, directory) or ".")):
        path = os.path.join(root, directory, other)
        if other == name or stem(other) != stem(name) or not os.path.isfile(path):
            continue
        if ".fixed." in other or (other.endswith(RULE_SUFFIXES) and not other.endswith(TEST_RULE_SUFFIXES)):
            continue
        out.append(os.path.join(directory, other))
    return out


ID_LINE = re.compile(r"""^(\s*)(-\s+)?id:\s*["']?([^"'\s#]+)""")


def rule_ids(path):
    """The ids of the rules in a rule file: `id:` keys of the items of the top-level `rules:` list."""
    ids, item_indent, in_rules = [], None, False
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            indent = len(line) - len(line.lstrip())
            if indent == 0 and not line.startswith("-"):
                in_rules = line.startswith(("rules:", '"rules":'))
                continue
            if not in_rules:
                continue
            if item_indent is None and line.lstrip().startswith("-"):
                item_indent = indent
            match = ID_LINE.match(line)
            if not match or item_indent is None:
                continue
            # `- id: x` opens an item; `id: x` is a key of the item (indented past its dash).
            key_indent = len(match.group(1)) + (len(match.group(2)) if match.group(2) else 0)
            if (match.group(2) and len(match.group(1)) == item_indent) or (not match.group(2) and key_indent == item_indent + 2):
                ids.append(match.group(3))
    return ids


# ---------------------------------------------------------------- running the engines


def file_hash(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        h.update(f.read())
    return h.hexdigest()


def semgrep_version(semgrep):
    out = subprocess.run([semgrep, "--version"], capture_output=True, text=True, env=SEMGREP_ENV)
    return out.stdout.strip() or "unknown"


def semgrep_prefix(config_path, cwd):
    """The prefix Semgrep puts before the ids of a rule file's rules: its folder, dotted."""
    path = os.path.normpath(config_path)
    absolute = os.path.normpath(os.path.join(cwd, path))
    if os.path.isabs(path) and (absolute + os.sep).startswith(os.path.normpath(cwd) + os.sep):
        path = os.path.relpath(absolute, cwd)
    parts = [p for p in path.split(os.sep)][:-1]
    prefix = ".".join(parts).lstrip("./").lstrip(".")
    if prefix:
        prefix += "."
    return re.sub(r"[^a-zA-Z0-9._-]", "", prefix)


def error_text(error):
    text = error.get("message") or error.get("long_msg") or error.get("short_msg") or json.dumps(error)
    return text.strip()


def finding_key(result):
    start, end = result["start"], result["end"]
    return [start["line"], start["col"], end["line"], end["col"], result.get("extra", {}).get("fix")]


class Cache:
    def __init__(self, enabled, version):
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        self.dir = os.path.join(base, "flasklight", "registry_diff")
        self.enabled = enabled
        self.version = version

    def key(self, root, rule, tests):
        h = hashlib.sha256(self.version.encode())
        for rel in [rule] + tests:
            h.update(b"\0" + rel.encode() + b"\0" + file_hash(os.path.join(root, rel)).encode())
        return h.hexdigest()

    def get(self, key):
        if not self.enabled:
            return None
        try:
            with open(os.path.join(self.dir, key[:2], key + ".json")) as f:
                return json.load(f)
        except (OSError, ValueError):
            return None

    def put(self, key, value):
        if not self.enabled:
            return
        os.makedirs(os.path.join(self.dir, key[:2]), exist_ok=True)
        tmp = os.path.join(self.dir, key[:2], key + ".tmp")
        with open(tmp, "w") as f:
            json.dump(value, f)
        os.replace(tmp, os.path.join(self.dir, key[:2], key + ".json"))


def empty_outcome(ids):
    """What one engine said about one rule file: refused rules, findings per (id, test file)."""
    return {"file_error": None, "refused": {}, "findings": {}, "ids": ids}


def run_semgrep(semgrep, root, batch, pairs, ids_of):
    """Runs a batch of rule files in one Semgrep call; one outcome per rule file.

    A rule file Semgrep rejects as a whole (a schema error) stops the whole call,
    so it is taken out, recorded, and the call runs again without it."""
    outcomes = {rule: empty_outcome(ids_of[rule]) for rule in batch}
    pending = list(batch)
    while pending:
        targets = sorted({t for rule in pending for t in pairs[rule]})
        cmd = [semgrep, "--json", "--metrics=off"]
        for rule in pending:
            cmd += ["--config", "./" + rule]
        proc = subprocess.run(cmd + ["--"] + targets, cwd=root, capture_output=True, text=True, env=SEMGREP_ENV)
        try:
            doc = json.loads(proc.stdout)
        except ValueError:
            doc = None
        if doc is None:
            if len(pending) == 1:
                outcomes[pending[0]]["file_error"] = (proc.stderr.strip() or "no output")[-2000:]
                return outcomes
            # Split the batch to find the file that breaks it.
            half = len(pending) // 2
            for part in (pending[:half], pending[half:]):
                outcomes.update(run_semgrep(semgrep, root, part, pairs, ids_of))
            return outcomes
        by_full_id = {}
        for rule in pending:
            prefix = semgrep_prefix("./" + rule, root)
            for rule_id in ids_of[rule]:
                by_full_id[prefix + rule_id] = (rule, rule_id)
        fatal = [e for e in doc.get("errors", []) if e.get("level") == "error" and not e.get("rule_id")]
        bad_files = set()
        for error in fatal:
            for span in error.get("spans") or []:
                rule = os.path.normpath(span.get("file", ""))
                if rule in outcomes:
                    bad_files.add(rule)
        if bad_files:
            for rule in bad_files:
                messages = [error_text(e) for e in fatal if any(os.path.normpath(s.get("file", "")) == rule for s in e.get("spans") or [])]
                outcomes[rule]["file_error"] = "\n".join(messages)
            pending = [rule for rule in pending if rule not in bad_files]
            continue
        if fatal and not doc.get("results") and len(pending) > 1:
            half = len(pending) // 2
            for part in (pending[:half], pending[half:]):
                outcomes.update(run_semgrep(semgrep, root, part, pairs, ids_of))
            return outcomes
        if fatal and len(pending) == 1:
            outcomes[pending[0]]["file_error"] = "\n".join(error_text(e) for e in fatal)
            return outcomes
        for error in doc.get("errors", []):
            owner = by_full_id.get(error.get("rule_id") or "")
            if owner and "parse" in str(error.get("type", "")).lower() + error_text(error).lower()[:40]:
                outcomes[owner[0]]["refused"][owner[1]] = error_text(error)
        for result in doc.get("results", []):
            owner = by_full_id.get(result["check_id"])
            path = os.path.normpath(result["path"])
            if not owner or path not in pairs[owner[0]]:
                continue  # another rule's test file: not this pair
            outcomes[owner[0]]["findings"].setdefault(owner[1] + "\0" + path, []).append(finding_key(result))
        pending = []
    return outcomes


def run_flasklight(flasklight, root, rule, tests, ids):
    outcome = empty_outcome(ids)
    cmd = [flasklight, "scan", "--json", "--config", rule] + tests
    try:
        proc = subprocess.run(cmd, cwd=root, capture_output=True, text=True, timeout=300)
    except subprocess.TimeoutExpired:
        outcome["file_error"] = "flasklight timed out (300 s)"
        return outcome
    try:
        doc = json.loads(proc.stdout)
    except ValueError:
        doc = None
    if doc is None:
        # Every rule refused: the messages are on stderr, `path:line:col: rule `id`: message`.
        named = False
        for line in proc.stderr.splitlines():
            match = re.search(r"rule `([^`]+)`: (.*)", line)
            if match and ": warning:" not in line:
                outcome["refused"].setdefault(match.group(1), line.strip())
                named = True
        if not named:
            outcome["file_error"] = (proc.stderr.strip() or f"exit code {proc.returncode}, no output")[-2000:]
        return outcome
    for error in doc.get("errors", []):
        if error.get("level") == "error":
            if error.get("rule_id"):
                outcome["refused"][error["rule_id"]] = error_text(error)
            else:
                outcome["file_error"] = error_text(error)
    for result in doc.get("results", []):
        path = os.path.normpath(result["path"])
        outcome["findings"].setdefault(result["check_id"] + "\0" + path, []).append(finding_key(result))
    return outcome


# ---------------------------------------------------------------- comparing


def fmt_range(key):
    return f"{key[0]}:{key[1]}-{key[2]}:{key[3]}"


def compare_rule_file(rule, tests, sg, fl):
    """Cases (one per rule id x test file) with what differs in each."""
    cases = []
    ids = list(dict.fromkeys(sg["ids"] + list(sg["refused"]) + list(fl["refused"])))
    for key in list(sg["findings"]) + list(fl["findings"]):
        rule_id = key.split("\0")[0]
        if rule_id not in ids:
            ids.append(rule_id)
    for rule_id in ids:
        sg_refused = sg["file_error"] or sg["refused"].get(rule_id)
        fl_refused = fl["file_error"] or fl["refused"].get(rule_id)
        for test in tests or [None]:
            case = {"rule_file": rule, "rule": rule_id, "test": test, "problems": []}
            if sg_refused or fl_refused:
                if not (sg_refused and fl_refused):
                    case["problems"].append({
                        "kind": "refused-by-flasklight" if fl_refused else "refused-by-semgrep",
                        "flasklight": fl_refused or "(accepted)",
                        "semgrep": sg_refused or "(accepted)",
                    })
                    case["lines_agree"] = False
                else:
                    case["lines_agree"] = True
                cases.append(case)
                continue
            if test is None:
                case["lines_agree"] = True
                cases.append(case)
                continue
            sg_found = sg["findings"].get(rule_id + "\0" + test, [])
            fl_found = fl["findings"].get(rule_id + "\0" + test, [])
            sg_ranges = collections.Counter(tuple(k[:4]) for k in sg_found)
            fl_ranges = collections.Counter(tuple(k[:4]) for k in fl_found)
            for where, only in (("only-semgrep", sg_ranges - fl_ranges), ("only-flasklight", fl_ranges - sg_ranges)):
                for r in sorted(only.elements()):
                    case["problems"].append({"kind": where, "path": test, "range": fmt_range(r)})
            sg_fixes = {tuple(k[:4]): k[4] for k in sg_found}
            for k in fl_found:
                r = tuple(k[:4])
                if r in sg_fixes and sg_fixes[r] != k[4]:
                    case["problems"].append({"kind": "fix-differs", "path": test, "range": fmt_range(r), "semgrep": sg_fixes[r], "flasklight": k[4]})
            case["lines_agree"] = {k[0] for k in sg_found} == {k[0] for k in fl_found}
            cases.append(case)
    return cases


def problem_key(case, p):
    """The key of one disagreement in the known-differences file."""
    where = p.get("range") or "-"
    return f"{p['kind']} {case['rule']} {case['test']} {where}"


def load_known(path):
    """Known differences: key -> reason (the `## ` heading above it)."""
    known, reason = {}, ""
    if not path or not os.path.exists(path):
        return known
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line.startswith("## "):
                reason = line[3:]
            elif line and not line.startswith("#"):
                known[line] = reason
    return known


def rules_mode(args):
    root = os.path.abspath(args.rules)
    rules = [r for r in rule_files(root) if not args.only or args.only in r or any(args.only in i for i in rule_ids(os.path.join(root, r)))]
    pairs = {rule: test_files(root, rule) for rule in rules}
    ids_of = {rule: rule_ids(os.path.join(root, rule)) for rule in rules}
    cache = Cache(not args.no_cache, semgrep_version(args.semgrep))
    semgrep_out, to_run = {}, []
    for rule in rules:
        hit = cache.get(cache.key(root, rule, pairs[rule]))
        if hit is not None:
            semgrep_out[rule] = hit
        else:
            to_run.append(rule)
    for start in range(0, len(to_run), BATCH):
        batch = to_run[start:start + BATCH]
        print(f"semgrep: {len(batch)} rule files ({start + len(batch)}/{len(to_run)} not cached)", file=sys.stderr)
        for rule, outcome in run_semgrep(args.semgrep, root, batch, pairs, ids_of).items():
            semgrep_out[rule] = outcome
            cache.put(cache.key(root, rule, pairs[rule]), outcome)
    flasklight = os.path.abspath(args.flasklight)
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = {rule: pool.submit(run_flasklight, flasklight, root, rule, pairs[rule], ids_of[rule]) for rule in rules}
        flasklight_out = {rule: f.result() for rule, f in futures.items()}
    cases = []
    for rule in rules:
        cases += compare_rule_file(rule, pairs[rule], semgrep_out[rule], flasklight_out[rule])
    by_rule = collections.OrderedDict()
    for case in cases:
        by_rule.setdefault((case["rule_file"], case["rule"]), []).append(case)
    refused_fl = sum(1 for cs in by_rule.values() if any(p["kind"] == "refused-by-flasklight" for c in cs for p in c["problems"]))
    refused_sg = sum(1 for cs in by_rule.values() if any(p["kind"] == "refused-by-semgrep" for c in cs for p in c["problems"]))
    disagreeing = [k for k, cs in by_rule.items() if any(c["problems"] for c in cs)]
    exact = sum(1 for c in cases if not c["problems"])
    lines = sum(1 for c in cases if c["lines_agree"])
    known = load_known(args.known)
    seen = set()
    unlisted = []
    for case in cases:
        for p in case["problems"]:
            key = problem_key(case, p)
            p["known"] = known.get(key)
            seen.add(key)
            if key not in known:
                unlisted.append(key)
    # A listed difference is stale only if its rule file was compared this time.
    compared = {(c["rule"], c["test"]) for c in cases}
    stale = sorted(k for k in known if k not in seen and tuple(k.split(" ")[1:3]) in compared)
    summary = {
        "rules": len(by_rule),
        "agreeing": len(by_rule) - len(disagreeing),
        "disagreeing": len(disagreeing),
        "refused_by_flasklight": refused_fl,
        "refused_by_semgrep": refused_sg,
        "cases": len(cases),
        "cases_agreeing": exact,
        "cases_agreeing_lines": lines,
        "share_agreeing": exact / len(cases) if cases else 1.0,
        "share_agreeing_lines": lines / len(cases) if cases else 1.0,
        "no_test_file": sorted(r for r in rules if not pairs[r]),
        "known_differences": len(known),
        "unlisted_differences": unlisted,
        "stale_known_differences": stale,
    }
    if args.json:
        json.dump({"summary": summary, "disagreements": [c for c in cases if c["problems"]]}, sys.stdout, indent=1)
        print()
        return 0
    for (rule, rule_id) in disagreeing:
        print(f"{rule}  {rule_id}")
        for case in by_rule[(rule, rule_id)]:
            for p in case["problems"]:
                if p["kind"].startswith("refused"):
                    print(f"  {p['kind']}  ({case['test']})")
                    print("    flasklight: " + p["flasklight"].replace("\n", "\n      "))
                    print("    semgrep:    " + p["semgrep"].replace("\n", "\n      "))
                elif p["kind"] == "fix-differs":
                    print(f"  fix-differs      {p['path']} {p['range']}\n    semgrep:    {p['semgrep']!r}\n    flasklight: {p['flasklight']!r}")
                else:
                    print(f"  {p['kind']:<16} {p['path']} {p['range']}")
                if p.get("known"):
                    print(f"    known: {p['known']}")
    for key in unlisted:
        print(f"not in the known differences: {key}")
    for key in stale:
        print(f"listed as known but gone (remove it): {key}")
    print(
        f"rules: {summary['rules']}, agreeing: {summary['agreeing']}, disagreeing: {summary['disagreeing']}, "
        f"refused-by-flasklight: {refused_fl}, refused-by-semgrep: {refused_sg}; "
        f"cases (rule x test file): {len(cases)}, agreeing: {exact} ({100 * summary['share_agreeing']:.1f}%), "
        f"same lines: {lines} ({100 * summary['share_agreeing_lines']:.1f}%); "
        f"known differences: {len(known)}, not listed: {len(unlisted)}, listed but gone: {len(stale)}"
    )
    return 1 if (unlisted or stale) and args.known else 0


# ---------------------------------------------------------------- apps mode


def tree_hash(root, extra):
    h = hashlib.sha256(extra.encode())
    for directory, dirs, names in os.walk(root):
        dirs.sort()
        for name in sorted(names):
            path = os.path.join(directory, name)
            if os.path.isfile(path) and not os.path.islink(path):
                st = os.stat(path)
                h.update(f"{os.path.relpath(path, root)}\0{st.st_mode & 0o111}\0".encode())
                h.update(file_hash(path).encode())
    return h.hexdigest()


def bare_ids(rules_root, cwd):
    """Semgrep's prefixed id -> the rule's own id, for every rule file of the folder."""
    out = {}
    for rule in rule_files(rules_root):
        path = os.path.join(rules_root, rule)
        prefix = semgrep_prefix(path, cwd)
        for rule_id in rule_ids(path):
            out[prefix + rule_id] = rule_id
    return out


def app_findings(doc, id_of):
    found = collections.Counter()
    for r in doc.get("results", []):
        rule_id = id_of.get(r["check_id"], r["check_id"])
        found[(rule_id, os.path.normpath(r["path"]), r["start"]["line"], r["start"]["col"], r["end"]["line"], r["end"]["col"])] += 1
    return found


def apps_mode(args):
    rules_root = os.path.abspath(args.rules)
    version = semgrep_version(args.semgrep)
    cache = Cache(not args.no_cache, version)
    rules_key = tree_hash(rules_root, version)
    report = []
    for app in args.apps:
        app_root = os.path.abspath(app)
        key = hashlib.sha256((rules_key + tree_hash(app_root, "app")).encode()).hexdigest()
        sg_doc = cache.get(key)
        if sg_doc is None:
            print(f"semgrep: {app}", file=sys.stderr)
            proc = subprocess.run([args.semgrep, "--json", "-v", "--metrics=off", "--config", rules_root, "."], cwd=app_root, capture_output=True, text=True, env=SEMGREP_ENV)
            sg_doc = json.loads(proc.stdout)
            sg_doc = {k: sg_doc.get(k) for k in ("results", "errors", "paths")}
            cache.put(key, sg_doc)
        proc = subprocess.run([os.path.abspath(args.flasklight), "scan", "--json", "-v", "--config", rules_root, "."], cwd=app_root, capture_output=True, text=True)
        try:
            fl_doc = json.loads(proc.stdout)
        except ValueError:
            print(f"{app}: flasklight gave no JSON: {proc.stderr.strip()[-2000:]}", file=sys.stderr)
            continue
        sg_read = {os.path.normpath(p) for p in sg_doc["paths"]["scanned"]}
        fl_read = {os.path.normpath(p) for p in fl_doc["paths"]["scanned"]}
        sg_skip = {os.path.normpath(s["path"]): s["reason"] for s in sg_doc["paths"].get("skipped", [])}
        fl_skip = {os.path.normpath(s["path"]): s["reason"] for s in fl_doc["paths"].get("skipped", [])}
        sg_found = app_findings(sg_doc, bare_ids(rules_root, app_root))
        fl_found = app_findings(fl_doc, {})
        both = sg_found & fl_found
        both_read = sg_read & fl_read
        entry = {
            "app": app,
            "files_read": {"both": len(both_read), "only_semgrep": sorted(sg_read - fl_read), "only_flasklight": sorted(fl_read - sg_read)},
            "skipped_reason_differs": sorted(
                (p, sg_skip.get(p), fl_skip.get(p)) for p in set(sg_skip) | set(fl_skip) if sg_skip.get(p) != fl_skip.get(p) and p not in both_read
            ),
            "findings": {
                "semgrep": sum(sg_found.values()),
                "flasklight": sum(fl_found.values()),
                "both": sum(both.values()),
                "only_semgrep": sorted((sg_found - fl_found).elements()),
                "only_flasklight": sorted((fl_found - sg_found).elements()),
            },
            "findings_in_files_both_read": {
                "semgrep": sum(n for k, n in sg_found.items() if k[1] in both_read),
                "flasklight": sum(n for k, n in fl_found.items() if k[1] in both_read),
                "both": sum(n for k, n in both.items() if k[1] in both_read),
            },
        }
        report.append(entry)
    if args.json:
        json.dump(report, sys.stdout, indent=1)
        print()
        return 0
    for e in report:
        f, r = e["findings"], e["files_read"]
        print(f"== {e['app']}")
        for p in r["only_semgrep"]:
            print(f"  read only by semgrep     {p}   (flasklight: {dict((s[0], s[2]) for s in e['skipped_reason_differs']).get(p) or 'not a target'})")
        for p in r["only_flasklight"]:
            print(f"  read only by flasklight  {p}   (semgrep: {dict((s[0], s[1]) for s in e['skipped_reason_differs']).get(p) or 'not a target'})")
        for k in f["only_semgrep"]:
            print(f"  only semgrep     {k[0]}  {k[1]} {k[2]}:{k[3]}-{k[4]}:{k[5]}")
        for k in f["only_flasklight"]:
            print(f"  only flasklight  {k[0]}  {k[1]} {k[2]}:{k[3]}-{k[4]}:{k[5]}")
        inside = e["findings_in_files_both_read"]
        print(
            f"  files read: both {r['both']}, only semgrep {len(r['only_semgrep'])}, only flasklight {len(r['only_flasklight'])}; "
            f"findings: semgrep {f['semgrep']}, flasklight {f['flasklight']}, both {f['both']}, "
            f"only semgrep {len(f['only_semgrep'])}, only flasklight {len(f['only_flasklight'])} "
            f"(in files both read: semgrep {inside['semgrep']}, flasklight {inside['flasklight']}, both {inside['both']})"
        )
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("rules", help="folder of rules (e.g. semgrep-rules/python)")
    ap.add_argument("--apps", nargs="+", metavar="DIR", help="compare whole application trees instead of test files")
    ap.add_argument("--only", help="only rule files whose path or rule id contains this text")
    ap.add_argument("--json", action="store_true", help="machine-readable output")
    ap.add_argument("--flasklight", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "target", "debug", "flasklight"))
    ap.add_argument("--semgrep", default="semgrep")
    ap.add_argument("--jobs", type=int, default=2, help="flasklight processes at once")
    ap.add_argument("--no-cache", action="store_true", help="run Semgrep even when its results are cached")
    ap.add_argument(
        "--known",
        default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "registry_known.txt"),
        help="known differences, each with its reason (default: tests/registry_known.txt); '' for none",
    )
    args = ap.parse_args()
    return apps_mode(args) if args.apps else rules_mode(args)


if __name__ == "__main__":
    sys.exit(main())
