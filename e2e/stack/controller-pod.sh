#!/usr/bin/env bash
# Gives the out-of-cluster kgateway controller its pod (manifests/controller.yaml): kwok's
# PortForward sends the pod's ports 9095 (admin) and 9092 (metrics) to the local process.
# Idempotent.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
NS=kgateway-system SEL="app.kubernetes.io/name=kgateway,app.kubernetes.io/component=controller"
sed "s/__VERSION__/$KGATEWAY_VERSION/" "$STACK_HERE/manifests/controller.yaml" | logged kgateway kc apply --server-side --force-conflicts -f -
controller_running() { [ -n "$(kc get pods -n "$NS" -l "$SEL" --field-selector=status.phase=Running -o name)" ]; }
wait_until kgateway 60 controller_running
pod="$(kc get pods -n "$NS" -l "$SEL" --field-selector=status.phase=Running -o jsonpath='{.items[0].metadata.name}')"
kc apply --server-side --force-conflicts -f - >/dev/null <<YAML
apiVersion: kwok.x-k8s.io/v1alpha1
kind: PortForward
metadata: { name: $pod, namespace: $NS }
spec:
  forwards:
    - { ports: [9095], target: { address: 127.0.0.1, port: 9095 } }
    - { ports: [9092], target: { address: 127.0.0.1, port: 9092 } }
YAML
step "kgateway controller pod $NS/$pod (its ports 9095 and 9092 reach the local controller)"
