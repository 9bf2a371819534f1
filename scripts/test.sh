#!/usr/bin/env bash
# Sets up and runs every test: engine and CLI (cargo test, including the Semgrep
# conformance suite, the rule pack and the differential tests against semgrep),
# `flasklight test rules/`, and the browser tests against the built app.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export SEMGREP_ENABLE_VERSION_CHECK=0
scripts/setup.sh "$@"
cargo test
cargo run --quiet --bin flasklight -- test rules/
if [ "${1:-}" != "--no-browser" ] && [ -x scripts/e2e.sh ]; then
  scripts/e2e.sh
fi
