# Helpers shared by the npm scripts: Node 24 from node_modules, Chromium from Debian. Sourced.
# shellcheck shell=bash
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
export NEXT_TELEMETRY_DISABLED=1

say() { printf '[%s] %s\n' "${SCRIPT_NAME:-dashboard}" "$*"; }

# The machines ship Node 20; the project runs on the Node 24 that npm installs as the `node`
# devDependency (node_modules/.bin/node), so no one has to install Node 24 by hand.
ensure_deps() {
  if [ ! -x node_modules/.bin/node ] || [ ! -f node_modules/.package-lock.json ] \
     || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "installing dependencies (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error
  fi
  export PATH="$REPO/node_modules/.bin:$PATH"
  local major; major="$(node -p 'process.versions.node.split(".")[0]')"
  if [ "$major" -lt 22 ]; then say "Node $(node --version) is too old; node_modules/.bin/node should be 24"; exit 1; fi
}

# Playwright cannot download its browsers here; it drives Debian's Chromium.
ensure_chromium() {
  export CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
  [ -x "$CHROMIUM_PATH" ] && return
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing Chromium for the end-to-end tests (apt-get install chromium)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
  [ -x "$CHROMIUM_PATH" ] || { say "no Chromium at $CHROMIUM_PATH: install Debian's chromium or set CHROMIUM_PATH"; exit 1; }
}
