#!/usr/bin/env bash
# Prints one markdown table: parse, rule compile and full rescan with the whole
# bundled pack on generated 100 / 1,000 / 10,000-line Flask files (native,
# release, in process; ms per 1,000 lines shows linearity), the `flasklight`
# CLI against the real Semgrep on the same rules and files (process wall time,
# and the ratio), a 10,000-line corpus (tests/corpus/vulnapp copied until it
# reaches 10,000 lines) scanned as a directory, and the browser numbers from
# tests/e2e/bench.mjs when a built dist/ (or $FLASKLIGHT_DIST) and Playwright
# are there.
#
# Usage: scripts/bench-table.sh [--no-semgrep] [--no-browser]
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

use_semgrep=1
use_browser=1
for arg in "$@"; do
  case "$arg" in
    --no-semgrep) use_semgrep=0 ;;
    --no-browser) use_browser=0 ;;
    *) echo "usage: $0 [--no-semgrep] [--no-browser]" >&2; exit 2 ;;
  esac
done
if ! command -v semgrep >/dev/null; then use_semgrep=0; fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet --bin flasklight --example bench
cli=target/release/flasklight

# Never let semgrep look for updates or send metrics: it hangs ~100 s offline.
# Its JSON is kept, to count the rules it gave up on (timeouts) per input.
run_semgrep() {
  SEMGREP_ENABLE_VERSION_CHECK=0 SEMGREP_SEND_METRICS=off \
    semgrep scan --metrics=off --disable-version-check --quiet --json --config "$work/pack.yaml" "$@" >"$work/semgrep.json" 2>/dev/null || true
}
semgrep_timeouts() {
  python3 -c 'import json, sys
try:
    errors = json.load(open(sys.argv[1])).get("errors", [])
except Exception:
    errors = []
n = sum(1 for e in errors if "Timeout" in str(e.get("type")))
print(f" ({n} rule timeouts)" if n else "")' "$work/semgrep.json"
}
commas() { echo "$1" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta'; }
run_cli() { "$cli" scan --json --config "$work/pack.yaml" "$@" >/dev/null 2>&1 || true; }

# Wall time of a command in ms; the median of $RUNS runs.
wall_ms() {
  local runs="$1"; shift
  local times=()
  for _ in $(seq "$runs"); do
    local start end
    start=$(date +%s%N)
    "$@"
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.0f×", a / b; else print "–" }'; }

target/release/examples/bench --tsv 100 1000 10000 --out "$work" > "$work/engine.tsv"

# The corpus: copies of tests/corpus/vulnapp until there are 10,000 lines.
mkdir -p "$work/corpus"
copies=0
while [ "$(find "$work/corpus" -name '*.py' -exec cat {} + | wc -l)" -lt 10000 ]; do
  copies=$((copies + 1))
  cp -r tests/corpus/vulnapp "$work/corpus/copy$copies"
done
corpus_files=$(find "$work/corpus" -name '*.py' | wc -l)
corpus_lines=$(find "$work/corpus" -name '*.py' -exec cat {} + | wc -l)

echo "| input | parse ms | rule compile ms | full rescan ms | ms / 1,000 lines | CLI wall ms | semgrep wall ms | semgrep ÷ CLI |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
while IFS=$'\t' read -r lines bytes parse compile full findings; do
  per_k=$(awk -v f="$full" -v n="$lines" 'BEGIN { printf "%.2f", f * 1000 / n }')
  file="$work/app_$lines.py"
  ours=$(wall_ms 5 run_cli "$file")
  if [ "$use_semgrep" = 1 ]; then
    theirs=$(wall_ms 1 run_semgrep "$file")
    cmp_col="$theirs$(semgrep_timeouts) | $(ratio "$theirs" "$ours")"
  else
    cmp_col="– | –"
  fi
  printf '| %s lines (%s kB, %s findings) | %.1f | %.1f | %.1f | %s | %s | %s |\n' \
    "$(commas "$lines")" $((bytes / 1024)) "$findings" "$parse" "$compile" "$full" "$per_k" "$ours" "$cmp_col"
done < "$work/engine.tsv"

ours=$(wall_ms 3 run_cli "$work/corpus")
if [ "$use_semgrep" = 1 ]; then
  theirs=$(wall_ms 1 run_semgrep "$work/corpus")
  cmp_col="$theirs$(semgrep_timeouts) | $(ratio "$theirs" "$ours")"
else
  cmp_col="– | –"
fi
printf '| corpus: %s lines in %s files (vulnapp ×%s) | | | | | %s | %s |\n' "$(commas "$corpus_lines")" "$corpus_files" "$copies" "$ours" "$cmp_col"

# Browser numbers from the existing headless-Chromium benchmark.
dist="${FLASKLIGHT_DIST:-dist}"
if [ "$use_browser" = 1 ] && [ -f "$dist/flasklight-app_bg.wasm" ] && [ -d tests/e2e/node_modules/playwright-core ]; then
  if FLASKLIGHT_DIST="$(cd "$dist" && pwd)" node tests/e2e/bench.mjs --rounds 20 --json > "$work/browser.json" 2>"$work/browser.err"; then
    python3 - "$work/browser.json" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
rows = [
    ("browser: keystroke → highlights, 1,000 lines, 1 rule (median)", f"{r['oneRule']['dom']['median']:.1f} ms"),
    (f"browser: keystroke → highlights, 1,000 lines, pack of {r['packRules']} (median)", f"{r['pack']['dom']['median']:.1f} ms"),
    ("browser: full rescan, new 1,000 lines, pack, in the worker (median)", f"{r['packFull']['median']:.1f} ms"),
    ("browser: paste 100,000 lines → next frame, pack (median)", f"{r['hugePaste']['median']:.0f} ms"),
    ("browser: 100,000 lines set in the textarea → next frame (median)", f"{r['hugeInsert']['median']:.0f} ms"),
    ("browser: first load → editor live (median)", f"{r['firstLoad']['median']:.0f} ms"),
    ("browser: wasm size (raw / gzip -9)", f"{r['wasm']['raw'] / 1024:.0f} kB / {r['wasm']['gzip'] / 1024:.0f} kB"),
]
for name, value in rows:
    print(f"| {name} | | | {value} | | | | |")
EOF
  else
    echo "| browser: tests/e2e/bench.mjs failed ($(tail -1 "$work/browser.err")) | | | | | | | |"
  fi
else
  echo "| browser: skipped (no built $dist/ or no tests/e2e/node_modules; run scripts/bench.sh) | | | | | | | |"
fi
