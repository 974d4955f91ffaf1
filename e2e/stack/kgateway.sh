#!/usr/bin/env bash
# Starts (default) or stops the stack's kgateway controller, out of cluster, by its pid file.
# up.sh starts it; the sync tests stop it and start it again to see replicas go STALE and back.
#   kgateway.sh [start|stop]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
case "${1:-start}" in
  stop)
    stop_pid kgateway
    step "kgateway stopped"
    ;;
  start)
    if is_running kgateway; then exit 0; fi
    step "kgateway $KGATEWAY_VERSION controller (xDS on :$XDS_PORT, admin 127.0.0.1:9095, metrics :9092)"
    (
      export KUBECONFIG="$ADMIN_KUBECONFIG" POD_NAMESPACE=kgateway-system
      export KGW_DISABLE_LEADER_ELECTION=true KGW_XDS_AUTH=false KGW_XDS_TLS=false KGW_XDS_SERVICE_PORT="$XDS_PORT"
      export KGW_LISTENER_BIND_IPV6=false KGW_XDS_FIRST_CONNECT_DELAY=0s
      # Namespaces of the scale data (scale-data.sh) are not watched, so 10,000 bench Services
      # do not become 10,000 Envoy clusters.
      export KGW_DISCOVERY_NAMESPACE_SELECTORS='[{"matchExpressions":[{"key":"dashboard.kgateway.dev/scale","operator":"DoesNotExist"}]}]'
      export KGW_ENABLE_AGENTGATEWAY=false KGW_VALIDATION_MODE=STANDARD KGW_LOG_LEVEL=info KGW_ADMIN_BIND_ADDRESS=127.0.0.1
      start_bg kgateway "$BIN_KGATEWAY"
    )
    wait_until kgateway 90 curl -sf "http://127.0.0.1:9093/readyz"
    ;;
  *) echo "usage: $0 [start|stop]" >&2; exit 2 ;;
esac
