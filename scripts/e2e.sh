#!/usr/bin/env bash
# Builds the playground (release) and runs the browser tests in headless system
# Chromium (/usr/bin/chromium; set CHROMIUM to use another). No browser download.
# Usage: scripts/e2e.sh [--no-build] [TEST_FILE...]
#   e.g. scripts/e2e.sh --no-build tests/e2e/worker.test.mjs (every test file when none is named)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
if [ "${1:-}" = "--no-build" ]; then
  shift
else
  trunk build --release
fi
# The native CLI: the tests check that each example finds in the page what it finds here.
cargo build --quiet --bin flasklight
if [ ! -d tests/e2e/node_modules/playwright-core ]; then
  (cd tests/e2e && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
fi
node --test --test-concurrency=1 "${@:-tests/e2e}"
