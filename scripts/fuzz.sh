#!/usr/bin/env bash
# Runs the libFuzzer targets in fuzz/ one after another.
#
#   scripts/fuzz.sh [TARGET|all] [SECONDS]     default: all targets, 300 s each
#
# Targets: pattern, rule_yaml, matching, taint, share (see fuzz/entries.rs).
# Needs a nightly toolchain and cargo-fuzz (installed here if missing).
# New inputs go to fuzz/corpus/<target>/ (seeded from fuzz/seeds/<target>/, which
# fuzz/make_seeds.py derives from rules/flask at each run),
# crashes to fuzz/artifacts/<target>/, the log to fuzz/logs/<target>.log.
# To keep a crash as a regression test: `cargo +nightly fuzz tmin -a <target> <file>`,
# then copy the minimised file to tests/fuzz_regressions/<target>/.
set -euo pipefail
cd "$(dirname "$0")/.."

ALL=(pattern rule_yaml matching taint share)
which=${1:-all}
seconds=${2:-300}
if [[ $which == all ]]; then targets=("${ALL[@]}"); else targets=("$which"); fi

rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked

python3 -c "import yaml" 2>/dev/null || pip install --quiet pyyaml
python3 fuzz/make_seeds.py >/dev/null
# -a: debug assertions (overflow checks), as in `cargo test`.
nice -n 10 cargo +nightly fuzz build -a
mkdir -p fuzz/logs
status=0
for target in "${targets[@]}"; do
    mkdir -p "fuzz/corpus/$target"
    echo "== $target: ${seconds}s"
    # Fork mode with one job: a crash, hang or OOM is saved and fuzzing goes on.
    nice -n 10 cargo +nightly fuzz run -a "$target" "fuzz/corpus/$target" "fuzz/seeds/$target" -- \
        -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
        -max_total_time="$seconds" -max_len=8192 -timeout=10 -rss_limit_mb=2048 \
        >"fuzz/logs/$target.log" 2>&1 || true
    grep -E '^#[0-9]+: cov:' "fuzz/logs/$target.log" | tail -1
    if [[ -n $(ls -A "fuzz/artifacts/$target" 2>/dev/null) ]]; then
        echo "!! $target: crashes in fuzz/artifacts/$target/ (log: fuzz/logs/$target.log)"
        status=1
    fi
done
exit $status
