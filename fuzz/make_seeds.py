#!/usr/bin/env python3
"""Rebuilds fuzz/seeds/<target>/ from the bundled rules (rules/flask/*.yaml and their .py files).

scripts/fuzz.sh runs it before fuzzing; the seeds are not committed (they would copy the pack).

Run from the repository root: python3 fuzz/make_seeds.py
"""
import base64, glob, os, shutil, struct, zlib
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEEDS = os.path.join(ROOT, "fuzz", "seeds")
RULES = sorted(glob.glob(os.path.join(ROOT, "rules", "flask", "*.yaml")))


def patterns(node):
    """Every pattern-like string in a rule, in order."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("pattern", "pattern-not", "pattern-inside", "pattern-not-inside") and isinstance(value, str):
                yield value
            else:
                yield from patterns(value)
    elif isinstance(node, list):
        for item in node:
            yield from patterns(item)


def write(target, name, data):
    os.makedirs(os.path.join(SEEDS, target), exist_ok=True)
    with open(os.path.join(SEEDS, target, name), "wb") as f:
        f.write(data)


def share_link(rule, code):
    payload = b"FL\x01" + struct.pack("<I", len(rule)) + rule + code
    return b"#s=" + base64.urlsafe_b64encode(zlib.compress(payload, 9)).rstrip(b"=")


shutil.rmtree(SEEDS, ignore_errors=True)
for path in RULES:
    stem = os.path.basename(path)[: -len(".yaml")]
    with open(path, "rb") as f:
        rule = f.read()
    py = path[: -len(".yaml")] + ".py"
    code = open(py, "rb").read() if os.path.exists(py) else b""
    write("rule_yaml", stem + ".yaml", rule)
    found = list(patterns(yaml.safe_load(rule)))
    for i, pattern in enumerate(found[:3]):
        write("pattern", f"{stem}-{i}.txt", pattern.encode())
    if found:
        write("matching", stem + ".bin", found[0].encode() + b"\0" + code)
    if b"mode: taint" in rule:
        write("taint", stem + ".py", code)
    if len(glob.glob(os.path.join(SEEDS, "share", "*"))) < 6:
        write("share", stem + ".txt", share_link(rule, code))
for target in sorted(os.listdir(SEEDS)):
    print(target, len(os.listdir(os.path.join(SEEDS, target))))
