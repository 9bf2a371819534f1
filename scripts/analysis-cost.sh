#!/usr/bin/env bash
# The cost of each analysis beyond Semgrep's (issue 19): a full rescan (cold
# parse + the whole bundled pack) of the generated LINES-line Flask file
# (default 1,000), native release build, in exact mode, with each analysis
# alone for every rule (`bench --analysis NAME`), and with all of them
# (`--precise`).
#
# Wall clock: ROUNDS rounds (default 15), each running every mode once, in
# turn, so that a change in the machine's load touches every mode alike; a
# round's figure is the median of RESCANS rescans (default 41) in one
# process, the table's the median of the rounds'. The load average is
# printed before and after: on a busy machine the figures are only as good as
# their spread (min-max of the rounds is shown).
# Instructions (when valgrind is installed; deterministic, load does not
# touch them): callgrind's count inside `bench::timed_rescans` (N rescans after
# an untimed one; the set-up not counted) on one thread, divided by N.
#
# Usage: scripts/analysis-cost.sh [LINES] [--rounds R] [--rescans K] [--no-valgrind]
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

lines=1000
rounds=15
rescans=41
use_valgrind=1
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift ;;
    --rescans) rescans="$2"; shift ;;
    --no-valgrind) use_valgrind=0 ;;
    [0-9]*) lines="$1" ;;
    *) echo "usage: $0 [LINES] [--rounds R] [--rescans K] [--no-valgrind]" >&2; exit 2 ;;
  esac
  shift
done
command -v valgrind >/dev/null || use_valgrind=0

cargo build --release --quiet --example bench
bench=target/release/examples/bench

modes=(exact constant_conditions guards containers propagation functions all)
mode_args() {
  case "$1" in
    exact) echo "--exact" ;;
    all) echo "--precise" ;;
    *) echo "--analysis $1" ;;
  esac
}

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
for _ in $(seq "$rounds"); do
  for m in "${modes[@]}"; do
    # shellcheck disable=SC2046
    "$bench" "$lines" $(mode_args "$m") --rescans "$rescans" >> "$work/$m.ms"
  done
done
echo "load average after:  $(cut -d' ' -f1-3 /proc/loadavg)"

stat() { sort -n "$1" | awk '{ a[NR] = $1 } END { printf "%.3f %.3f %.3f", a[int((NR + 1) / 2)], a[1], a[NR] }'; }

instructions() {
  # shellcheck disable=SC2046
  FLASKLIGHT_THREADS=1 valgrind --tool=callgrind --callgrind-out-file=/dev/null --collect-atstart=no \
    --toggle-collect='bench::timed_rescans' "$bench" "$lines" $(mode_args "$1") --rescans "$2" 2>&1 >/dev/null |
    awk '/Collected :/ { print $NF }'
}

read -r base _ _ <<<"$(stat "$work/exact.ms")"
echo
echo "full rescan, $lines lines, whole pack: median of $rounds rounds x $rescans rescans"
if [ "$use_valgrind" = 1 ]; then
  echo "| analyses | median ms | min-max of rounds | vs exact | M instructions / rescan | vs exact |"
  echo "|---|---:|---:|---:|---:|---:|"
else
  echo "| analyses | median ms | min-max of rounds | vs exact |"
  echo "|---|---:|---:|---:|"
fi
n=3
base_instr=""
for m in "${modes[@]}"; do
  read -r med lo hi <<<"$(stat "$work/$m.ms")"
  delta=$(awk -v a="$med" -v b="$base" 'BEGIN { printf "%+.1f%%", 100 * (a - b) / b }')
  row="| $m | $med | $lo-$hi | $delta |"
  if [ "$use_valgrind" = 1 ]; then
    total=$(instructions "$m" "$n")
    per=$(awk -v a="$total" -v n="$n" 'BEGIN { printf "%.2f", a / n / 1e6 }')
    [ -z "$base_instr" ] && base_instr="$per"
    idelta=$(awk -v a="$per" -v b="$base_instr" 'BEGIN { printf "%+.1f%%", 100 * (a - b) / b }')
    row="$row $per | $idelta |"
  fi
  echo "$row"
done
