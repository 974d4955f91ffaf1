#!/usr/bin/env bash
# Adds many Services for scale tests and benchmarks: STACK_SCALE_NAMESPACES namespaces (default
# 1000) with STACK_SCALE_SERVICES_PER_NS Services each (default 10): 10,000 Services. They are
# labelled dashboard.kgateway.dev/scale=true, a label kgateway is told not to watch (see up.sh),
# so the Envoys stay small. Idempotent; `scale-data.sh delete` removes them.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
NAMESPACES="${STACK_SCALE_NAMESPACES:-1000}"
PER_NS="${STACK_SCALE_SERVICES_PER_NS:-10}"
LABEL=dashboard.kgateway.dev/scale

if [ "${1:-}" = delete ]; then
  step "deleting the scale namespaces (label $LABEL=true)"
  kc delete namespace -l "$LABEL=true" --wait=false >/dev/null
  exit 0
fi

have="$(kc get services -A -l "$LABEL=true" -o name 2>/dev/null | wc -l)"
want=$((NAMESPACES * PER_NS))
if [ "$have" -ge "$want" ]; then step "scale data: $have Services already there"; exit 0; fi
step "scale data: $NAMESPACES namespaces × $PER_NS Services (have $have of $want)"
file="$RUN/scale-data.yaml"
python3 - "$NAMESPACES" "$PER_NS" "$LABEL" >"$file" <<'PY'
import sys
namespaces, per_ns, label = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
apps = ["api", "web", "worker", "cache", "search", "auth", "billing", "orders", "media", "events"]
for n in range(namespaces):
    ns = f"scale-{n:04d}"
    print(f"---\napiVersion: v1\nkind: Namespace\nmetadata: {{ name: {ns}, labels: {{ {label}: 'true' }} }}")
    for s in range(per_ns):
        app = apps[s % len(apps)]
        print(f"""---
apiVersion: v1
kind: Service
metadata: {{ name: {app}-{s:02d}, namespace: {ns}, labels: {{ {label}: 'true', app: {app}, team: team-{n % 37} }} }}
spec: {{ clusterIP: None, ports: [ {{ name: http, port: {8000 + s}, targetPort: 8080 }} ] }}""")
PY
t0=$SECONDS
logged scale-data kc apply --server-side -f "$file"
step "scale data applied in $((SECONDS - t0))s"
