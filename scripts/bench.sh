#!/usr/bin/env bash
# Builds the playground (release) and runs the browser benchmark: keystroke to
# highlights on a 1,000-line file (one rule, whole pack), first load, wasm size.
# Usage: scripts/bench.sh [--no-build] [--rounds N] [--json]
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
if [ "${1:-}" = "--no-build" ]; then
  shift
else
  trunk build --release
fi
if [ ! -d tests/e2e/node_modules/playwright-core ]; then
  (cd tests/e2e && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
fi
node tests/e2e/bench.mjs "$@"
