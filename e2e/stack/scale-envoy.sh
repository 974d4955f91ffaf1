#!/usr/bin/env bash
# An Envoy at gateway scale, for npm run bench (issue 13): a third proxy pod, of Gateway
# gateway-scale/scale, whose Envoy holds STACK_SCALE_CLUSTERS clusters (default 50,000), each with
# two endpoints, named as kgateway names them (kube_scale-NNNN_svc-NN_8080). The configuration is
# generated (scale-envoy.py) and served to Envoy from a file (CDS from a path), so nothing else
# changes; kwok runs the pod and its PortForward sends port 19000 to this Envoy's admin, which the
# dashboard reads through the API server like any replica. The Gateway's class is not kgateway's:
# kgateway leaves it alone, and does not watch the namespaces (labelled as scale-data.sh labels its
# own). Only its one target Service exists in the cluster.
#   scale-envoy.sh start | stop
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
CLUSTERS="${STACK_SCALE_CLUSTERS:-50000}"
ADMIN=$((ENVOY_ADMIN_BASE + 90))
NS=gateway-scale
DIR="$RUN/scale-envoy"

if [ "${1:-}" = stop ]; then
  if is_running envoy-scale; then step "stopping envoy-scale"; stop_pid envoy-scale; fi
  kc delete namespace "$NS" --ignore-not-found --wait=false >/dev/null
  kc delete service svc-49 -n scale-0999 --ignore-not-found >/dev/null
  exit 0
fi
[ "${1:-}" = start ] || { echo "usage: scale-envoy.sh start|stop" >&2; exit 2; }

if is_running envoy-scale && [ "$(cat "$DIR/clusters" 2>/dev/null)" = "$CLUSTERS" ]; then
  step "scale Envoy already up with $CLUSTERS clusters (admin 127.0.0.1:$ADMIN)"
  exit 0
fi
is_running envoy-scale && stop_pid envoy-scale
mkdir -p "$DIR"
python3 "$STACK_HERE/scale-envoy.py" "$CLUSTERS" "$ADMIN" "$DIR"
echo "$CLUSTERS" >"$DIR/clusters"

# A namespace still being deleted by a `stop` just before takes nothing new: wait for it to go.
if [ "$(kc get namespace "$NS" -o jsonpath='{.status.phase}' 2>/dev/null)" = Terminating ]; then
  kc wait --for=delete "namespace/$NS" --timeout=120s >/dev/null
fi
kc apply --server-side --force-conflicts -f - >/dev/null <<YAML
apiVersion: v1
kind: Namespace
metadata: { name: $NS, labels: { dashboard.kgateway.dev/scale: 'true' } }
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: scale, namespace: $NS }
spec:
  gatewayClassName: scale-bench
  listeners: [ { name: http, port: 8080, protocol: HTTP } ]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: scale, namespace: $NS }
spec:
  replicas: 1
  selector: { matchLabels: { gateway.networking.k8s.io/gateway-name: scale } }
  template:
    metadata: { labels: { gateway.networking.k8s.io/gateway-name: scale } }
    spec:
      nodeSelector: { type: kwok }
      tolerations: [ { key: kwok.x-k8s.io/node, operator: Exists, effect: NoSchedule } ]
      containers: [ { name: envoy, image: envoyproxy/envoy:v$ENVOY_VERSION, ports: [ { containerPort: 19000 } ] } ]
---
apiVersion: v1
kind: Namespace
metadata: { name: scale-0999, labels: { dashboard.kgateway.dev/scale: 'true' } }
---
apiVersion: v1
kind: Service
metadata: { name: svc-49, namespace: scale-0999 }
spec: { clusterIP: None, ports: [ { name: http, port: 8080, targetPort: 8080 } ] }
YAML
pod_running() { kc get pods -n "$NS" -l gateway.networking.k8s.io/gateway-name=scale --field-selector=status.phase=Running -o name | grep -q .; }
wait_until envoy-scale 60 pod_running
pod="$(kc get pods -n "$NS" -l gateway.networking.k8s.io/gateway-name=scale --field-selector=status.phase=Running -o jsonpath='{.items[0].metadata.name}')"
kwok_port_forward "$NS" "$pod" 19000 "$ADMIN"
step "scale Envoy for pod $NS/$pod: $CLUSTERS clusters (admin 127.0.0.1:$ADMIN)"
start_bg envoy-scale "$BIN_ENVOY" -c "$DIR/bootstrap.json" --disable-hot-restart --concurrency 1 --log-level warn --base-id 90
t0=$SECONDS
active() { curl -sf "http://127.0.0.1:$ADMIN/stats?filter=%5Ecluster_manager.active_clusters%24" | grep -q ": $CLUSTERS\$"; }
wait_until envoy-scale 600 active
# Ready only once the API server's port-forward reaches it, the way the dashboard and the manual way
# dial it. kwok learns of the new PortForward by its informer, which after an API server restart
# (the faults spec kills it) resumes only some seconds later: until then kwok answers "no forward".
forwarded() {
  local pf port="" ok=1
  kc port-forward -n "$NS" "pod/$pod" :19000 >"$DIR/forward.out" 2>&1 &
  pf=$!
  for _ in $(seq 1 30); do
    port="$(sed -n 's/^Forwarding from 127\.0\.0\.1:\([0-9]*\) .*/\1/p' "$DIR/forward.out")"
    [ -n "$port" ] && break
    sleep 0.1
  done
  [ -n "$port" ] && curl -sf -m 5 "http://127.0.0.1:$port/ready" >/dev/null && ok=0
  kill "$pf" 2>/dev/null
  wait "$pf" 2>/dev/null
  return $ok
}
wait_until envoy-scale 120 forwarded
step "scale Envoy holds $CLUSTERS clusters after $((SECONDS - t0))s"
echo "$pod" >"$DIR/pod"
