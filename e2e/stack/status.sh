#!/usr/bin/env bash
# stack:status — one line per component: running (pid) and healthy, or what is wrong.
# Exit 0 only when every component is running and healthy. --quiet prints nothing.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
QUIET=false; [ "${1:-}" = "--quiet" ] && QUIET=true
ok=true
say() { $QUIET || printf '%-26s %s\n' "$1" "$2"; }

probe() { # NAME CMD...
  local name="$1"; shift
  if ! is_running "$name"; then say "$name" "stopped"; ok=false; return; fi
  if "$@" >/dev/null 2>&1; then say "$name" "running (pid $(pid_of "$name")), healthy"
  else say "$name" "running (pid $(pid_of "$name")), NOT healthy (log: .stack/logs/$name.log)"; ok=false; fi
}
probe keycloak curl -sf --cacert "$OIDC_CA" "$OIDC_ISSUER/.well-known/openid-configuration"
probe etcd curl -sf "http://127.0.0.1:$ETCD_PORT/health"
probe kube-apiserver curl -sfk "https://127.0.0.1:$APISERVER_PORT/readyz"
probe kube-controller-manager curl -sfk "https://127.0.0.1:$KCM_PORT/healthz"
probe kube-scheduler curl -sfk "https://127.0.0.1:$SCHEDULER_PORT/healthz"
probe kwok kc get node kwok-node-0
probe kgateway curl -sf "http://127.0.0.1:9093/readyz"
for i in $(seq 0 $((GATEWAY_REPLICAS - 1))); do
  probe "envoy-$i" bash -c "curl -sf http://127.0.0.1:$((ENVOY_ADMIN_BASE + i))/ready | grep -q LIVE"
done
if $ok; then say "kubeconfig" "$ADMIN_KUBECONFIG (admin), $VIEWER_KUBECONFIG (viewer)"; exit 0; fi
exit 1
