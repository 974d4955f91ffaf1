#!/usr/bin/env bash
# Starts one Envoy per replica of the Gateway's proxy Deployment, bootstrapped as kgateway's
# deployer renders it (node id <pod>.<ns>, role kgateway-kube-gateway-api~<ns>~<gateway>), and
# points kwok's port-forward of each pod's port 19000 at that Envoy's admin address.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
GW_NS=kgateway-system GW=http
SEL="gateway.networking.k8s.io/gateway-name=$GW"

pods_running() {
  [ "$(kc get pods -n "$GW_NS" -l "$SEL" --field-selector=status.phase=Running -o name | wc -l)" -ge "$GATEWAY_REPLICAS" ]
}
step "waiting for $GATEWAY_REPLICAS proxy pods of Gateway $GW_NS/$GW"
wait_until kgateway 120 pods_running
mapfile -t PODS < <(kc get pods -n "$GW_NS" -l "$SEL" --field-selector=status.phase=Running \
  --sort-by=.metadata.name -o jsonpath='{range .items[*]}{.metadata.name}{"\n"}{end}' | head -n "$GATEWAY_REPLICAS")

for i in "${!PODS[@]}"; do
  pod="${PODS[$i]}" port=$((ENVOY_ADMIN_BASE + i)) name="envoy-$i"
  cat >"$RUN/$name.yaml" <<YAML
node:
  id: $pod.$GW_NS
  cluster: $GW.$GW_NS
  metadata: { role: "kgateway-kube-gateway-api~$GW_NS~$GW" }
admin:
  address: { socket_address: { address: 127.0.0.1, port_value: $port } }
dynamic_resources:
  ads_config: { api_type: GRPC, transport_api_version: V3, grpc_services: [ { envoy_grpc: { cluster_name: xds_cluster } } ] }
  cds_config: { ads: {}, resource_api_version: V3 }
  lds_config: { ads: {}, resource_api_version: V3 }
static_resources:
  clusters:
    - name: xds_cluster
      type: STATIC
      connect_timeout: 5s
      typed_extension_protocol_options:
        envoy.extensions.upstreams.http.v3.HttpProtocolOptions:
          "@type": type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions
          explicit_http_config: { http2_protocol_options: {} }
      load_assignment:
        cluster_name: xds_cluster
        endpoints: [ { lb_endpoints: [ { endpoint: { address: { socket_address: { address: 127.0.0.1, port_value: $XDS_PORT } } } } ] } ]
YAML
  kc apply --server-side --force-conflicts -f - >/dev/null <<YAML
apiVersion: kwok.x-k8s.io/v1alpha1
kind: PortForward
metadata: { name: $pod, namespace: $GW_NS }
spec:
  forwards: [ { ports: [19000], target: { address: 127.0.0.1, port: $port } } ]
YAML
  step "envoy $ENVOY_VERSION for pod $GW_NS/$pod (admin 127.0.0.1:$port)"
  start_bg "$name" "$BIN_ENVOY" -c "$RUN/$name.yaml" --disable-hot-restart --concurrency 1 \
    --log-level warn --base-id $((i + 1))
done
for i in "${!PODS[@]}"; do
  wait_until "envoy-$i" 60 bash -c "curl -sf http://127.0.0.1:$((ENVOY_ADMIN_BASE + i))/ready | grep -q LIVE"
done
echo "${PODS[*]}" >"$RUN/envoy-pods"
