#!/usr/bin/env bash
# Builds the playground (release) and serves dist/ at http://127.0.0.1:8080/
# Usage: scripts/serve.sh [port]
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
# Size over speed for the wasm's libraries (yew, YAML, regex): the engine and
# the parser keep opt-level 3 through Cargo.toml's per-package overrides.
export CARGO_PROFILE_RELEASE_OPT_LEVEL="${CARGO_PROFILE_RELEASE_OPT_LEVEL:-s}"
trunk build --release
exec node scripts/static-server.mjs dist "${1:-8080}"
