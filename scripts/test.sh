#!/usr/bin/env bash
# Sets up and runs every test: engine and CLI (cargo test, including the Semgrep
# conformance suite, the rule pack and the differential tests against semgrep),
# `flasklight test rules/`, the lessons under both engines, and the browser tests
# against the built app. With CI set (.ci/run sets it), a missing Semgrep or
# conformance suite fails the run instead of skipping those tests.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export SEMGREP_ENABLE_VERSION_CHECK=0
scripts/setup.sh "$@"
cargo test
cargo run --quiet --bin flasklight -- test rules/
# Every lesson's exercise, vulnerable and fixed snippets under flasklight and Semgrep.
python3 scripts/check_lessons.py
if [ "${1:-}" != "--no-browser" ] && [ -x scripts/e2e.sh ]; then
  scripts/e2e.sh
fi
