#!/usr/bin/env bash
# Sets up what the app's build needs (scripts/setup.sh --app: Node, the wasm
# target, Trunk, wasm-bindgen, wasm-opt; skipped when there), builds the
# playground (release) and serves dist/ at http://127.0.0.1:8080/
# The size settings live where Trunk and Cargo read them (index.html names the
# Cargo profile `wasm-release`), so a plain `trunk build --release` builds the same.
# Usage: scripts/serve.sh [port]
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
scripts/setup.sh --app
trunk build --release
exec node scripts/static-server.mjs dist "${1:-8080}"
