#!/usr/bin/env bash
# npm run demo — the local control plane with demo data, and the dashboard on http://127.0.0.1:3000.
# The stack keeps running after you stop the dashboard; npm run stack:down stops it.
set -euo pipefail
SCRIPT_NAME=demo
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_deps
bash e2e/stack/up.sh
say "building the dashboard (next build)"
next build >/dev/null
PORT="${PORT:-3000}"
say "dashboard on http://127.0.0.1:$PORT (cluster: .stack/kubeconfig); Ctrl-C stops it"
KUBECONFIG="$REPO/.stack/kubeconfig" exec next start --hostname 127.0.0.1 --port "$PORT"
