#!/usr/bin/env bash
# Starts (default) the stack's kube-apiserver, or kills it outright, by its pid file.
# up.sh starts it; the faults spec kills it in the middle of an apply (SIGKILL, no shutdown of
# its own) and starts it again with the same flags, on the same etcd.
#   apiserver.sh [start|kill]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
case "${1:-start}" in
  kill)
    p="$(pid_of kube-apiserver)" || { step "kube-apiserver is not running"; exit 0; }
    kill -KILL -- "-$p" 2>/dev/null || kill -KILL "$p" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    rm -f "$PIDS/kube-apiserver.pid"
    step "kube-apiserver killed (SIGKILL)"
    ;;
  start)
    if is_running kube-apiserver; then exit 0; fi
    step "kube-apiserver $K8S_VERSION on https://127.0.0.1:$APISERVER_PORT (RBAC)"
    start_bg kube-apiserver "$BIN_K8S/kube-apiserver" --etcd-servers="http://127.0.0.1:$ETCD_PORT" \
      --bind-address=127.0.0.1 --secure-port="$APISERVER_PORT" --advertise-address=127.0.0.1 --cert-dir="$RUN/pki" \
      --service-cluster-ip-range=10.96.0.0/16 --service-account-issuer=https://kubernetes.default.svc \
      --service-account-key-file="$RUN/pki/sa.pub" --service-account-signing-key-file="$RUN/pki/sa.key" \
      --token-auth-file="$RUN/pki/tokens.csv" --authorization-mode=Node,RBAC --allow-privileged=true \
      --authentication-config="$RUN/authentication-config.yaml" \
      --audit-policy-file="$RUN/audit-policy.yaml" --audit-log-path="$LOGS/audit.log" --audit-log-maxsize=50 --audit-log-maxbackup=1 \
      --kubelet-preferred-address-types=InternalIP
    wait_until kube-apiserver 90 curl -sfk "https://127.0.0.1:$APISERVER_PORT/readyz"
    ;;
  *) echo "usage: $0 [start|kill]" >&2; exit 2 ;;
esac
