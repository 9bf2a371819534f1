#!/usr/bin/env bash
# Installs everything flasklight's build and tests need; skips what is already there.
# Usage: scripts/setup.sh [--no-browser | --app]
#   --no-browser: engine/CLI only (no wasm tools, no Chromium)
#   --app:        only what building and serving the app needs (scripts/serve.sh):
#                 Node, the wasm target, Trunk, wasm-bindgen, wasm-opt; no Chromium, no Semgrep
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
browser=1
app_only=0
[ "${1:-}" = "--no-browser" ] && browser=0
[ "${1:-}" = "--app" ] && app_only=1

# Debian's packages; as root, or through sudo when it is there.
apt_install() {
  local sudo=""
  if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null; then sudo=sudo; fi
  $sudo apt-get update -q && $sudo apt-get install -y -q "$@"
}

# Node runs Trunk's post-build hook (scripts/write-sw.mjs), the static server and
# the browser tests; npm installs wasm-opt. A machine with only Rust has neither.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  apt_install nodejs npm
fi

want_wasm_bindgen=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"/\1/p')

if [ "$browser" = 1 ]; then
  rustup target add wasm32-unknown-unknown >/dev/null
  if ! trunk --version 2>/dev/null | grep -q '0.21.14'; then
    cargo install trunk --version 0.21.14 --locked
  fi
  if ! wasm-bindgen --version 2>/dev/null | grep -q "$want_wasm_bindgen"; then
    # Not --locked: its lockfile names a crate the registry lacks.
    cargo install wasm-bindgen-cli --version "$want_wasm_bindgen"
  fi
  if ! wasm-opt --version 2>/dev/null | grep -q 'version 132'; then
    npm install -g binaryen@132
  fi
  if [ "$app_only" = 1 ]; then
    exit 0
  fi
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    apt_install chromium chromium-driver
  fi
  if [ -f tests/e2e/package.json ] && [ ! -d tests/e2e/node_modules ]; then
    (cd tests/e2e && npm ci --no-audit --no-fund)
  fi
fi

# The real Semgrep, for the differential tests, at the version they were settled
# against (tests/semgrep_version.txt); set-up fails if another one is on PATH.
want_semgrep=$(cat tests/semgrep_version.txt)
semgrep_version() { SEMGREP_ENABLE_VERSION_CHECK=0 semgrep --version 2>/dev/null | tail -n 1; }
if [ "$(semgrep_version)" != "$want_semgrep" ]; then
  python3 -m pip install --quiet "semgrep==$want_semgrep"
  if command -v pyenv >/dev/null; then pyenv rehash; fi
fi
if [ "$(semgrep_version)" != "$want_semgrep" ]; then
  echo "setup: semgrep $want_semgrep is needed on PATH; found: $(command -v semgrep || echo none) $(semgrep_version)" >&2
  exit 1
fi
# The SARIF validators (tests/sarif/package.json: the 2.1.0 schema with ajv, and
# the SARIF SDK's multitool, a binary inside its npm package) for tests/cli.rs.
if [ ! -x tests/sarif/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool ] || [ ! -d tests/sarif/node_modules/ajv ]; then
  (cd tests/sarif && npm ci --no-audit --no-fund)
  # npm may hold back the package's own `chmod u+x` install script.
  chmod u+x tests/sarif/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
fi
# PyYAML, for scripts/check_lessons.py.
python3 -c 'import yaml' 2>/dev/null || python3 -m pip install --quiet pyyaml
cargo fetch
