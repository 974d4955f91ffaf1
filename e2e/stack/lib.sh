# Shared settings and helpers of the local control plane scripts. Sourced, never run.
# shellcheck shell=bash
STACK_HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$STACK_HERE/../.." && pwd)"
# shellcheck source=versions.env
source "$STACK_HERE/versions.env"
STACK_CACHE="${STACK_CACHE:-$HOME/.cache/kgateway-dashboard/stack}"
STACK_DIR="${STACK_DIR:-$REPO/.stack}"
RUN="$STACK_DIR/run"       # per-run state: etcd data, certs, tokens, bootstraps
LOGS="$STACK_DIR/logs"     # one log file per component
PIDS="$STACK_DIR/pids"     # one pid file per process we started; stack:down stops exactly these

# Ports, all on 127.0.0.1 unless noted. Override any of them in the environment.
ETCD_PORT="${STACK_ETCD_PORT:-2379}"
ETCD_PEER_PORT="${STACK_ETCD_PEER_PORT:-2380}"
APISERVER_PORT="${STACK_APISERVER_PORT:-6443}"
KCM_PORT="${STACK_KCM_PORT:-10257}"
SCHEDULER_PORT="${STACK_SCHEDULER_PORT:-10259}"
KWOK_PORT="${STACK_KWOK_PORT:-10247}"
XDS_PORT="${STACK_XDS_PORT:-9977}"               # kgateway binds it on all interfaces (hard-coded)
ENVOY_ADMIN_BASE="${STACK_ENVOY_ADMIN_BASE:-19000}" # replica i's admin listens on base+i
GATEWAY_REPLICAS="${STACK_GATEWAY_REPLICAS:-2}"
KEYCLOAK_PORT="${STACK_KEYCLOAK_PORT:-18443}"      # HTTPS only; no other listener
OIDC_ISSUER="https://127.0.0.1:$KEYCLOAK_PORT/realms/kgateway"
OIDC_CLIENT_ID=dashboard

BIN_ETCD="$STACK_CACHE/etcd-$ETCD_VERSION/etcd"
BIN_K8S="$STACK_CACHE/kubernetes-$K8S_VERSION"
BIN_KWOK="$STACK_CACHE/kwok-$KWOK_VERSION/kwok"
BIN_KGATEWAY="$STACK_CACHE/kgateway-$KGATEWAY_VERSION/kgateway"
BIN_ENVOY="$STACK_CACHE/envoy-$ENVOY_VERSION/envoy"
KUBECTL="$BIN_K8S/kubectl"
BIN_HELM="$STACK_CACHE/helm-$HELM_VERSION/helm"
KEYCLOAK_HOME="$STACK_CACHE/keycloak-$KEYCLOAK_VERSION"
OIDC_CA="$RUN/pki/oidc-ca.crt"
ADMIN_KUBECONFIG="$STACK_DIR/kubeconfig"
VIEWER_KUBECONFIG="$STACK_DIR/kubeconfig-viewer"

# Components in start order; stack:down stops them in reverse.
COMPONENTS=(keycloak etcd kube-apiserver kube-controller-manager kube-scheduler kwok kgateway)

step() { printf '[stack] %s\n' "$*"; }
kc() { "$KUBECTL" --kubeconfig="$ADMIN_KUBECONFIG" "$@"; }

# A demo user's ID token from the stack's Keycloak, by the password grant (the realm's client
# allows it for scripts; people sign in through the browser). Prints the token.
oidc_token() { # USER PASSWORD
  curl -sf --cacert "$OIDC_CA" "$OIDC_ISSUER/protocol/openid-connect/token" \
    -d grant_type=password -d client_id="$OIDC_CLIENT_ID" -d scope=openid --data-urlencode username="$1" --data-urlencode password="$2" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["id_token"])'
}

pid_of() { local f="$PIDS/$1.pid"; [ -f "$f" ] && cat "$f"; }
is_running() { local p; p="$(pid_of "$1")" && [ -n "$p" ] && kill -0 "$p" 2>/dev/null; }

# start_bg NAME CMD... : starts CMD in the background with its own log and pid file.
start_bg() {
  local name="$1"; shift
  mkdir -p "$LOGS" "$PIDS"
  setsid "$@" >>"$LOGS/$name.log" 2>&1 < /dev/null &
  echo $! >"$PIDS/$name.pid"
}

# fail NAME MESSAGE : names the component that failed and shows its log tail.
fail() {
  step "FAILED: $1: $2"
  if [ -f "$LOGS/$1.log" ]; then
    echo "----- last lines of $LOGS/$1.log -----" >&2
    tail -n 25 "$LOGS/$1.log" >&2
    echo "-----" >&2
  fi
  exit 1
}

# logged NAME CMD... : runs a one-shot step with its output in NAME's log; names NAME on failure.
logged() {
  local name="$1"; shift
  mkdir -p "$LOGS"
  "$@" >>"$LOGS/$name.log" 2>&1 || fail "$name" "'$*' failed"
}

# wait_until NAME TIMEOUT_S CMD... : polls CMD until it succeeds; fails NAME on timeout or death.
wait_until() {
  local name="$1" timeout="$2"; shift 2
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    if [ -f "$PIDS/$name.pid" ] && ! is_running "$name"; then fail "$name" "process exited"; fi
    [ $SECONDS -lt $deadline ] || fail "$name" "not ready after ${timeout}s"
    sleep 0.5
  done
}

# stop_pid NAME : SIGTERM, then SIGKILL after 10 s, for the process group we started.
stop_pid() {
  local name="$1" p
  p="$(pid_of "$name")" || return 0
  if [ -n "$p" ] && kill -0 "$p" 2>/dev/null; then
    kill -TERM -- "-$p" 2>/dev/null || kill -TERM "$p" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$p" 2>/dev/null || break; sleep 0.25; done
    kill -KILL -- "-$p" 2>/dev/null || kill -KILL "$p" 2>/dev/null || true
  fi
  rm -f "$PIDS/$name.pid"
}

# kwok_port_forward NS POD PORT TARGET : kwok sends POD's PORT to 127.0.0.1:TARGET (a local process).
kwok_port_forward() {
  kc apply --server-side --force-conflicts -f - >/dev/null <<YAML
apiVersion: kwok.x-k8s.io/v1alpha1
kind: PortForward
metadata: { name: $2, namespace: $1 }
spec:
  forwards: [ { ports: [$3], target: { address: 127.0.0.1, port: $4 } } ]
YAML
}
