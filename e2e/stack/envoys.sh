#!/usr/bin/env bash
# Starts one Envoy per replica of the Gateway's proxy Deployment, with the bootstrap kgateway's
# deployer rendered for it (ConfigMap <ns>/<gateway>, key envoy.yaml) made local by bootstrap.py:
# node id <pod>.<ns>, admin on 127.0.0.1:<base+i>, readiness and metrics listeners on base+100+i
# and base+200+i. kwok's port-forward of each pod's port 19000 goes to that replica's admin.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
GW_NS=kgateway-system GW=http
SEL="gateway.networking.k8s.io/gateway-name=$GW"
PY="$STACK_CACHE/envoy-$ENVOY_VERSION/venv/bin/python"

pods_running() {
  [ "$(kc get pods -n "$GW_NS" -l "$SEL" --field-selector=status.phase=Running -o name | wc -l)" -ge "$GATEWAY_REPLICAS" ]
}
step "waiting for $GATEWAY_REPLICAS proxy pods of Gateway $GW_NS/$GW"
wait_until kgateway 120 pods_running
mapfile -t PODS < <(kc get pods -n "$GW_NS" -l "$SEL" --field-selector=status.phase=Running \
  --sort-by=.metadata.name -o jsonpath='{range .items[*]}{.metadata.name}{"\n"}{end}' | head -n "$GATEWAY_REPLICAS")

for i in "${!PODS[@]}"; do
  pod="${PODS[$i]}" port=$((ENVOY_ADMIN_BASE + i)) name="envoy-$i"
  if is_running "$name"; then continue; fi # idempotent: restarts only replicas that stopped
  kc get configmap -n "$GW_NS" "$GW" -o jsonpath='{.data.envoy\.yaml}' \
    | "$PY" "$STACK_HERE/bootstrap.py" "$pod.$GW_NS" "$port" $((port + 100)) $((port + 200)) "$XDS_PORT" >"$RUN/$name.json" \
    || fail "$name" "could not turn kgateway's bootstrap (ConfigMap $GW_NS/$GW) into $RUN/$name.json"
  kwok_port_forward "$GW_NS" "$pod" 19000 "$port"
  step "envoy $ENVOY_VERSION for pod $GW_NS/$pod (admin 127.0.0.1:$port)"
  # `kubectl logs` of the pod reads this Envoy's log through kwok, which wants the kubelet's
  # CRI format (<RFC 3339 time> <stream> F <line>): Envoy writes it, with its usual line after.
  kc apply --server-side --force-conflicts -f - >/dev/null <<YAML
apiVersion: kwok.x-k8s.io/v1alpha1
kind: Logs
metadata: { name: $pod, namespace: $GW_NS }
spec:
  logs: [ { logsFile: "$LOGS/$name.log", follow: true } ]
YAML
  start_bg "$name" env TZ=UTC "$BIN_ENVOY" -c "$RUN/$name.json" --disable-hot-restart --concurrency 1 \
    --log-level warn --base-id $((i + 1)) \
    --log-format '%Y-%m-%dT%H:%M:%S.%FZ stderr F [%Y-%m-%d %T.%e][%t][%l][%n] [%g:%#] %v'
done
for i in "${!PODS[@]}"; do
  wait_until "envoy-$i" 60 bash -c "curl -sf http://127.0.0.1:$((ENVOY_ADMIN_BASE + i))/ready | grep -q LIVE"
done
echo "${PODS[*]}" >"$RUN/envoy-pods"
