#!/usr/bin/env bash
# npm test — everything: lint, typecheck, unit tests, then end-to-end tests against the real
# local control plane (started here if it is not up, and stopped again afterwards).
set -euo pipefail
SCRIPT_NAME=test
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_deps
rm -rf test-reports && mkdir -p test-reports

say "lint (eslint, prettier)"; eslint --max-warnings 0 .; prettier --check --log-level warn .
say "typecheck (tsc)";      tsc --noEmit
say "unit tests (vitest)";  vitest run --reporter=default --reporter=json --outputFile.json=test-reports/unit.json

ensure_chromium
ensure_nginx
if ! bash e2e/stack/status.sh --quiet; then
  bash e2e/stack/up.sh
  trap 'bash e2e/stack/down.sh' EXIT
fi
say "production build (next build)"; next build >test-reports/next-build.log 2>&1 || { tail -n 40 test-reports/next-build.log; exit 1; }
say "end-to-end tests (playwright)"
status=0; playwright test || status=$?
node scripts/summary.mjs test-reports/unit.json test-reports/e2e.json || status=1
exit "$status"
