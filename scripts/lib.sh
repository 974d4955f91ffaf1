# Helpers shared by the npm scripts: Node 24 from node_modules, Chromium from Debian. Sourced.
# shellcheck shell=bash
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
export NEXT_TELEMETRY_DISABLED=1

say() { printf '[%s] %s\n' "${SCRIPT_NAME:-dashboard}" "$*"; }

# The machines ship Node 20; the project runs on the Node 24 that npm installs as the `node`
# devDependency (node_modules/.bin/node), so no one has to install Node 24 by hand.
ensure_deps() {
  if [ ! -x node_modules/.bin/node ] || [ ! -f node_modules/.package-lock.json ] \
     || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "installing dependencies (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error
  fi
  export PATH="$REPO/node_modules/.bin:$PATH"
  local major; major="$(node -p 'process.versions.node.split(".")[0]')"
  if [ "$major" -lt 22 ]; then say "Node $(node --version) is too old; node_modules/.bin/node should be 24"; exit 1; fi
}

# Playwright cannot download its browsers here; it drives Debian's Chromium.
ensure_chromium() {
  export CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
  [ -x "$CHROMIUM_PATH" ] && return
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing Chromium for the end-to-end tests (apt-get install chromium)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
  [ -x "$CHROMIUM_PATH" ] || { say "no Chromium at $CHROMIUM_PATH: install Debian's chromium or set CHROMIUM_PATH"; exit 1; }
}

# nginx, the load balancer in front of the team replicas. Installed from Debian without starting
# its system service (which would listen on 0.0.0.0:80): policy-rc.d refuses every start meanwhile.
ensure_nginx() {
  export NGINX_PATH="${NGINX_PATH:-/usr/sbin/nginx}"
  [ -x "$NGINX_PATH" ] && return
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing nginx for the load-balanced replicas (apt-get install nginx-light, service not started)"
    local had_policy=false; [ -e /usr/sbin/policy-rc.d ] && had_policy=true
    $had_policy || printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx-light >/dev/null; } ||
      { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx >/dev/null; }
    $had_policy || rm -f /usr/sbin/policy-rc.d
  fi
  [ -x "$NGINX_PATH" ] || { say "no nginx at $NGINX_PATH: install Debian's nginx or set NGINX_PATH"; exit 1; }
}

# Writes an nginx config that balances 127.0.0.1:LISTEN over the given loopback ports, round robin,
# with server-sent events passed through unbuffered. Prints the config's path.
nginx_config() { # DIR LISTEN PORT...
  local dir="$1" listen="$2"; shift 2
  mkdir -p "$dir/tmp"
  {
    printf 'daemon off;\nworker_processes 1;\npid %s/nginx.pid;\nerror_log %s/error.log warn;\n' "$dir" "$dir"
    [ "$(id -u)" = 0 ] && printf 'user root;\n'
    printf 'events { worker_connections 512; }\nhttp {\n'
    printf "  log_format upstream '\$request_method \$uri \$status \$upstream_addr';\n"
    printf '  access_log %s/access.log upstream;\n' "$dir"
    printf '  client_body_temp_path %s/tmp/body; proxy_temp_path %s/tmp/proxy; fastcgi_temp_path %s/tmp/fcgi;\n' "$dir" "$dir" "$dir"
    printf '  uwsgi_temp_path %s/tmp/uwsgi; scgi_temp_path %s/tmp/scgi;\n' "$dir" "$dir"
    printf '  upstream dashboard {\n'
    for p in "$@"; do printf '    server 127.0.0.1:%s;\n' "$p"; done
    printf '  }\n  server {\n    listen 127.0.0.1:%s;\n    client_max_body_size 2m;\n' "$listen"
    printf '    location / {\n      proxy_pass http://dashboard;\n      proxy_http_version 1.1;\n      proxy_set_header Host $http_host;\n'
    printf '      proxy_set_header Connection "";\n      proxy_buffering off;\n      proxy_read_timeout 1h;\n    }\n  }\n}\n'
  } >"$dir/nginx.conf"
  echo "$dir/nginx.conf"
}
