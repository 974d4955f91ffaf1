#!/usr/bin/env bash
# npm run test:e2e — only the end-to-end tests (the stack must be up: npm run stack:up).
set -euo pipefail
SCRIPT_NAME=e2e
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_deps
ensure_chromium
bash e2e/stack/status.sh --quiet || { say "the stack is not up: npm run stack:up"; exit 1; }
next build >/dev/null
exec playwright test "$@"
