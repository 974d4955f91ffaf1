#!/usr/bin/env bash
# npm run bench — every benchmark prints ratios against a baseline measured in the same run.
# The Services benchmark needs the local stack (npm run stack:up); it adds the scale data itself.
set -euo pipefail
SCRIPT_NAME=bench
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_deps
node bench/config-dump.ts
command -v jq >/dev/null || { [ "$(id -u)" = 0 ] && apt-get install -y -qq jq >/dev/null 2>&1; } || true
node bench/dumps.ts
vitest bench --run bench/validate.bench.ts
[ -f .next/BUILD_ID ] || next build >/dev/null
node bench/first-load-js.ts
if bash e2e/stack/status.sh --quiet; then
  ensure_chromium
  bash e2e/stack/scale-data.sh
  node bench/services.ts
  node bench/live.ts
  node bench/live-updates.ts
  node bench/load.ts
  node bench/cluster-view-50k.ts
  node bench/first-load-browser.ts
else
  say "Services, live fetch and viewer benchmarks skipped: the stack is not up (npm run stack:up, then npm run bench)"
fi
