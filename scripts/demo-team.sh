#!/usr/bin/env bash
# npm run demo:team — the local stack with its Keycloak, two dashboard replicas in oidc mode and
# nginx in front of them at http://127.0.0.1:3000. Walkthroughs live in Leases, so the replicas
# behave as one. Ctrl-C stops the replicas and nginx; the stack keeps running (npm run stack:down).
set -euo pipefail
SCRIPT_NAME=demo:team
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_deps
ensure_nginx
bash e2e/stack/up.sh
say "building the dashboard (next build)"
next build >/dev/null
DIR="$REPO/.stack/run/team"; mkdir -p "$DIR"
export KUBECONFIG="$REPO/.stack/kubeconfig" DASHBOARD_AUTH=oidc DASHBOARD_OIDC_ISSUER=https://127.0.0.1:18443/realms/kgateway
export DASHBOARD_OIDC_CLIENT_ID=dashboard DASHBOARD_OIDC_USERNAME_PREFIX=oidc: DASHBOARD_WALKTHROUGH_NAMESPACE=kgateway-dashboard
export NODE_EXTRA_CA_CERTS="$REPO/.stack/run/pki/oidc-ca.crt" DASHBOARD_ALLOWED_HOSTS=127.0.0.1:3000,localhost:3000
DASHBOARD_SESSION_SECRET="$(openssl rand -hex 32)"; export DASHBOARD_SESSION_SECRET
pids=()
stop() { for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap stop EXIT INT TERM
for port in 3001 3002; do
  next start --hostname 127.0.0.1 --port "$port" >"$DIR/replica-$port.log" 2>&1 &
  pids+=($!)
done
"${NGINX_PATH:-/usr/sbin/nginx}" -e "$DIR/nginx-error.log" -p "$DIR" -c "$(nginx_config "$DIR/nginx" 3000 3001 3002)" &
pids+=($!)
for port in 3001 3002 3000; do
  for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/api/health" >/dev/null && break; sleep 0.5; done
done
say "dashboard on http://127.0.0.1:3000 (nginx over replicas 127.0.0.1:3001 and :3002); Ctrl-C stops them"
say "sign in as alice / alice-demo (platform: edits policies in httpbin and shop), bob / bob-demo (developers: reads; edits in shop), carol / carol-demo (no access)"
say "logs: .stack/run/team/"
wait "${pids[0]}"
