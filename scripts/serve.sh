#!/usr/bin/env bash
# Builds the playground (release) and serves dist/ at http://127.0.0.1:8080/
# Usage: scripts/serve.sh [port]
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
trunk build --release
exec node scripts/static-server.mjs dist "${1:-8080}"
