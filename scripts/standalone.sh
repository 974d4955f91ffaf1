#!/usr/bin/env sh
# Assembles what the image runs, from a finished `next build` (output: 'standalone'): the traced
# server with its node_modules, plus the static assets Next leaves out of it. Used by the
# Containerfile and by the tests, so the tests start exactly what the image starts.
set -eu
out="${1:?usage: standalone.sh <out-dir>}"
cd "$(dirname "$0")/.."
[ -f .next/standalone/server.js ] || { echo "standalone.sh: no .next/standalone/server.js; run next build first" >&2; exit 1; }
rm -rf "$out"
mkdir -p "$out/.next"
cp -R .next/standalone/. "$out/"
cp -R .next/static "$out/.next/static"
[ -d public ] && cp -R public "$out/public"
exit 0
