#!/usr/bin/env bash
# stack:up — starts a real control plane on 127.0.0.1: etcd, kube-apiserver, controller-manager,
# scheduler, kwok (fake kubelet), the kgateway controller and one Envoy per gateway replica,
# then applies the demo data. Idempotent: a healthy stack is left as it is; a half-started one
# is stopped and started again. One progress line per step; one log per component in .stack/logs.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if bash "$STACK_HERE/status.sh" --quiet; then step "already up (npm run stack:status for details)"; exit 0; fi
if compgen -G "$PIDS/*.pid" >/dev/null; then step "stopping a half-started stack first"; bash "$STACK_HERE/down.sh"; fi

T0=$SECONDS
bash "$STACK_HERE/build.sh" all | sed 's/^\[build\]/[stack] build:/'
rm -rf "$RUN" "$LOGS"; mkdir -p "$RUN/pki" "$LOGS" "$PIDS"

# ---- Keycloak, the OpenID Connect provider: HTTPS on 127.0.0.1 only, with its own small CA. It
# starts first and warms up while the rest starts; the API server's JWT authenticator retries
# discovery every 10 s, and the end of this script waits until a demo token authenticates.
step "keycloak $KEYCLOAK_VERSION on https://127.0.0.1:$KEYCLOAK_PORT (realm kgateway)"
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=kgateway-dashboard stack OIDC CA" \
  -keyout "$RUN/pki/oidc-ca.key" -out "$OIDC_CA" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -keyout "$RUN/pki/oidc.key" -out "$RUN/pki/oidc.csr" 2>/dev/null
openssl x509 -req -in "$RUN/pki/oidc.csr" -CA "$OIDC_CA" -CAkey "$RUN/pki/oidc-ca.key" -CAcreateserial -days 30 \
  -extfile <(printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n') \
  -out "$RUN/pki/oidc.crt" 2>/dev/null
mkdir -p "$KEYCLOAK_HOME/data/import" && cp "$STACK_HERE/keycloak/realm-kgateway.json" "$KEYCLOAK_HOME/data/import/kgateway-realm.json"
(
  export JAVA_HOME="${KEYCLOAK_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}" JAVA_OPTS_KC_HEAP="-Xms64m -Xmx384m"
  export JAVA_OPTS_APPEND="-XX:-UsePerfData -Djava.io.tmpdir=$RUN -DCoreEnvironmentBean.processImplementationClassName=com.arjuna.ats.internal.arjuna.utils.UuidProcessId"
  start_bg keycloak "$KEYCLOAK_HOME/bin/kc.sh" start --optimized --import-realm --cache=local --http-enabled=false \
    --http-host=127.0.0.1 --https-port="$KEYCLOAK_PORT" --hostname="https://127.0.0.1:$KEYCLOAK_PORT" \
    --https-certificate-file="$RUN/pki/oidc.crt" --https-certificate-key-file="$RUN/pki/oidc.key"
)
# The API server trusts it: one JWT authenticator, usernames and groups prefixed "oidc:".
{
  printf 'apiVersion: apiserver.config.k8s.io/v1\nkind: AuthenticationConfiguration\njwt:\n- issuer:\n    url: %s\n' "$OIDC_ISSUER"
  printf '    audiences: [%s]\n    certificateAuthority: |\n' "$OIDC_CLIENT_ID"
  sed 's/^/      /' "$OIDC_CA"
  printf '  claimMappings:\n    username: {claim: preferred_username, prefix: "oidc:"}\n    groups: {claim: groups, prefix: "oidc:"}\n    uid: {claim: sub}\n'
} >"$RUN/authentication-config.yaml"
# The audit log records who changed what (Metadata level: the user, verb and object, no bodies).
cat >"$RUN/audit-policy.yaml" <<'YAML'
apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived]
rules:
  - level: Metadata
    verbs: [create, update, patch, delete, deletecollection]
  - level: None
YAML

# ---- etcd
step "etcd $ETCD_VERSION on 127.0.0.1:$ETCD_PORT"
start_bg etcd "$BIN_ETCD" --name default --data-dir "$RUN/etcd" \
  --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
  --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
  --initial-cluster "default=http://127.0.0.1:$ETCD_PEER_PORT" --listen-metrics-urls "http://127.0.0.1:$((ETCD_PORT + 2000))" \
  --unsafe-no-fsync
wait_until etcd 60 curl -sf "http://127.0.0.1:$ETCD_PORT/health"

# ---- credentials: static tokens for admin and viewer, a service-account key pair, kwok's cert
openssl genrsa -out "$RUN/pki/sa.key" 2048 2>/dev/null
openssl rsa -in "$RUN/pki/sa.key" -pubout -out "$RUN/pki/sa.pub" 2>/dev/null
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj /CN=kwok-node-0 \
  -addext "subjectAltName=IP:127.0.0.1" -keyout "$RUN/pki/kwok.key" -out "$RUN/pki/kwok.crt" 2>/dev/null
ADMIN_TOKEN="$(openssl rand -hex 24)"; VIEWER_TOKEN="$(openssl rand -hex 24)"
printf '%s,admin,uid-admin,"system:masters"\n%s,viewer,uid-viewer\n' "$ADMIN_TOKEN" "$VIEWER_TOKEN" >"$RUN/pki/tokens.csv"
chmod 600 "$RUN/pki/"*

# ---- kube-apiserver
bash "$STACK_HERE/apiserver.sh" start

write_kubeconfig() { # FILE USER TOKEN
  rm -f "$1"
  local k=("$KUBECTL" --kubeconfig="$1" config)
  "${k[@]}" set-cluster kgateway-local --server="https://127.0.0.1:$APISERVER_PORT" \
    --certificate-authority="$RUN/pki/apiserver.crt" --embed-certs=true >/dev/null
  "${k[@]}" set-credentials "$2" --token="$3" >/dev/null
  "${k[@]}" set-context "kgateway-local-$2" --cluster=kgateway-local --user="$2" >/dev/null
  "${k[@]}" use-context "kgateway-local-$2" >/dev/null
  chmod 600 "$1"
}
write_kubeconfig "$ADMIN_KUBECONFIG" admin "$ADMIN_TOKEN"
write_kubeconfig "$VIEWER_KUBECONFIG" viewer "$VIEWER_TOKEN"
# The admin kubeconfig also carries the viewer's context (admin stays current), so the
# dashboard's context switcher can show both users.
KUBECONFIG="$ADMIN_KUBECONFIG:$VIEWER_KUBECONFIG" "$KUBECTL" config view --flatten >"$RUN/kubeconfig.merged"
install -m 600 "$RUN/kubeconfig.merged" "$ADMIN_KUBECONFIG" && rm "$RUN/kubeconfig.merged"
mkdir -p "$STACK_DIR/bin" && ln -sf "$KUBECTL" "$STACK_DIR/bin/kubectl" && ln -sf "$BIN_HELM" "$STACK_DIR/bin/helm"
step "kubeconfigs: .stack/kubeconfig (admin; viewer as a second context), .stack/kubeconfig-viewer (viewer); kubectl: .stack/bin/kubectl"
logged kube-apiserver kc apply --server-side -f "$STACK_HERE/manifests/viewer-rbac.yaml"

# ---- controller-manager and scheduler
AUTH=(--authentication-kubeconfig="$ADMIN_KUBECONFIG" --authorization-kubeconfig="$ADMIN_KUBECONFIG")
step "kube-controller-manager on 127.0.0.1:$KCM_PORT"
# A node is declared lost only after an hour without news: kwok's node renews its lease through the
# API server, so while the faults spec has the API server killed the lease goes stale; with the
# default 50 s the node lifecycle controller then marked every pod not Ready, and kwok never marks
# them Ready again (the Gateway showed 0/2 ready). The controller stays: it lifts the new node's
# not-ready taint.
start_bg kube-controller-manager "$BIN_K8S/kube-controller-manager" --kubeconfig="$ADMIN_KUBECONFIG" "${AUTH[@]}" \
  --leader-elect=false --bind-address=127.0.0.1 --secure-port="$KCM_PORT" --use-service-account-credentials=false \
  --node-monitor-grace-period=1h \
  --service-account-private-key-file="$RUN/pki/sa.key" --root-ca-file="$RUN/pki/apiserver.crt" \
  --controllers='*,-nodeipam,-cloud-node-lifecycle,-service-lb-controller,-node-route-controller,-persistentvolume-binder,-attachdetach,-persistentvolume-expander,-ephemeral-volume,-pv-protection,-pvc-protection'
step "kube-scheduler on 127.0.0.1:$SCHEDULER_PORT"
start_bg kube-scheduler "$BIN_K8S/kube-scheduler" --kubeconfig="$ADMIN_KUBECONFIG" "${AUTH[@]}" \
  --leader-elect=false --bind-address=127.0.0.1 --secure-port="$SCHEDULER_PORT"
wait_until kube-controller-manager 60 curl -sfk "https://127.0.0.1:$KCM_PORT/healthz"
wait_until kube-scheduler 60 curl -sfk "https://127.0.0.1:$SCHEDULER_PORT/healthz"

# ---- kwok: the kubelet of one fake node; pods get loopback IPs, port-forwards go to local Envoys
KWOK_DIR="$(cd "$(dirname "$BIN_KWOK")/src" && GOFLAGS=-mod=mod go list -m -f '{{.Dir}}' sigs.k8s.io/kwok)"
logged kwok kc apply --server-side -f "$KWOK_DIR/kustomize/crd/bases/kwok.x-k8s.io_portforwards.yaml" -f "$KWOK_DIR/kustomize/crd/bases/kwok.x-k8s.io_logs.yaml"
# Standalone kwok has no built-in behaviour: give it the stages kwokctl would (node init,
# heartbeat with lease, pod ready/complete/delete), straight from the module's own files.
for f in node/fast/node-initialize.yaml node/heartbeat-with-lease/node-heartbeat-with-lease.yaml \
         pod/fast/pod-ready.yaml pod/fast/pod-complete.yaml pod/fast/pod-delete.yaml; do
  echo '---'; cat "$KWOK_DIR/kustomize/stage/$f"
done >"$RUN/kwok.yaml"
logged kwok kc apply --server-side -f "$STACK_HERE/manifests/node.yaml"
step "kwok $KWOK_VERSION as kubelet of node kwok-node-0 (127.0.0.1:$KWOK_PORT)"
start_bg kwok "$BIN_KWOK" --kubeconfig="$ADMIN_KUBECONFIG" --config="$RUN/kwok.yaml" --manage-all-nodes=true \
  --node-ip=127.0.0.1 --node-port="$KWOK_PORT" --server-address="127.0.0.1:$KWOK_PORT" \
  --tls-cert-file="$RUN/pki/kwok.crt" --tls-private-key-file="$RUN/pki/kwok.key" \
  --cidr=127.0.1.0/24 --node-lease-duration-seconds=40 --enable-crds=PortForward,Logs
wait_until kwok 60 kc wait --for=condition=Ready node/kwok-node-0 --timeout=2s

# ---- CRDs from the modules' own files
KGW_DIR="$(cd "$(dirname "$BIN_KGATEWAY")/src" && GOFLAGS=-mod=mod go list -m -f '{{.Dir}}' github.com/kgateway-dev/kgateway/v2)"
GWAPI_DIR="$(cd "$(dirname "$BIN_KGATEWAY")/src" && GOFLAGS=-mod=mod go list -m -f '{{.Dir}}' sigs.k8s.io/gateway-api)"
step "CRDs: Gateway API ($(basename "$GWAPI_DIR"), experimental) and kgateway $KGATEWAY_VERSION"
logged crds kc apply --server-side $(printf -- '-f %s ' "$GWAPI_DIR"/config/crd/experimental/gateway.networking*.yaml)
logged crds kc apply --server-side -f "$KGW_DIR/install/helm/kgateway-crds/templates/"
logged crds kc wait --for=condition=Established crd --all --timeout=60s
logged crds kc create namespace kgateway-system

# ---- kgateway controller, out of cluster, with a pod in the cluster that stands for it
bash "$STACK_HERE/kgateway.sh" start

# ---- Gateway, demo data, and one Envoy per proxy replica
bash "$STACK_HERE/demo-data.sh"
bash "$STACK_HERE/controller-pod.sh"
bash "$STACK_HERE/envoys.sh"

# ---- the demo team: RBAC for the people, and proof the API server knows them
logged keycloak kc apply --server-side -f "$STACK_HERE/manifests/team-rbac.yaml"
wait_until keycloak 180 curl -sf --cacert "$OIDC_CA" "$OIDC_ISSUER/.well-known/openid-configuration"
whoami_alice() { [ "$(kc auth whoami --token="$(oidc_token alice alice-demo)" -o jsonpath='{.status.userInfo.username}')" = oidc:alice ]; }
wait_until kube-apiserver 60 whoami_alice
step "sign-in: $OIDC_ISSUER — alice/alice-demo (platform), bob/bob-demo (developers), carol/carol-demo (no access)"
step "up in $((SECONDS - T0))s — kubeconfig: .stack/kubeconfig"
