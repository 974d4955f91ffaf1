#!/usr/bin/env bash
# Applies the Gateway and the demo namespaces, Services and routes. Idempotent (server-side apply).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
step "demo data: Gateway kgateway-system/http ($GATEWAY_REPLICAS replicas), httpbin/httpbin:8000 and more"
sed "s/__REPLICAS__/$GATEWAY_REPLICAS/" "$STACK_HERE/manifests/gateway.yaml" | logged demo-data kc apply --server-side --force-conflicts -f -
logged demo-data kc apply --server-side --force-conflicts -f "$STACK_HERE/manifests/demo.yaml"
