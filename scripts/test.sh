#!/usr/bin/env bash
# npm test — everything: lint, typecheck, unit tests, then end-to-end tests against the real
# local control plane (started here if it is not up, and stopped again afterwards).
set -euo pipefail
SCRIPT_NAME=test
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_deps
rm -rf test-results && mkdir -p test-results

say "lint (eslint)";        eslint --max-warnings 0 .
say "typecheck (tsc)";      tsc --noEmit
say "unit tests (vitest)";  vitest run --reporter=default --reporter=json --outputFile.json=test-results/unit.json

ensure_chromium
if ! bash e2e/stack/status.sh --quiet; then
  bash e2e/stack/up.sh
  trap 'bash e2e/stack/down.sh' EXIT
fi
say "production build (next build)"; next build >test-results/next-build.log 2>&1 || { tail -n 40 test-results/next-build.log; exit 1; }
say "end-to-end tests (playwright)"
status=0; playwright test || status=$?
node scripts/summary.mjs test-results/unit.json test-results/e2e.json
exit "$status"
