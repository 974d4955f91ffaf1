#!/usr/bin/env bash
# nginx on 127.0.0.1:LISTEN, round robin over the given dashboard ports: the load balancer of the
# team replicas in the end-to-end tests (playwright.config.ts starts it). Runs in the foreground.
set -euo pipefail
SCRIPT_NAME=lb
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"
ensure_nginx
listen="$1"; shift
dir="$REPO/test-reports/lb-$listen"; rm -rf "$dir"
mkdir -p "$dir"; exec "$NGINX_PATH" -e "$dir/error.log" -p "$dir" -c "$(nginx_config "$dir" "$listen" "$@")"
