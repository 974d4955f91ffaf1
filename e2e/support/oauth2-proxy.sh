#!/usr/bin/env bash
# oauth2-proxy on 127.0.0.1:LISTEN in front of the dashboard at 127.0.0.1:UPSTREAM, signing people
# in with the stack's Keycloak (client dashboard-proxy): the authenticating proxy of the
# DASHBOARD_AUTH=proxy tests (playwright.config.ts starts it). It passes each request on with the
# person's ID token as a bearer token and the shared secret from $DASHBOARD_PROXY_SECRET, and
# strips whatever a client sent in those headers. Signing out ends the Keycloak session too
# (backendLogoutURL). Runs in the foreground. Demo secrets only.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../stack/lib.sh"
listen="$1" upstream="$2"
: "${DASHBOARD_PROXY_SECRET:?the secret the dashboard expects from its proxy}"
bin="$STACK_CACHE/oauth2-proxy-$OAUTH2_PROXY_VERSION/oauth2-proxy"
[ -x "$bin" ] || bash "$STACK_HERE/build.sh" oauth2-proxy
dir="$REPO/test-reports/oauth2-proxy-$listen"; rm -rf "$dir"; mkdir -p "$dir"
cat >"$dir/alpha.yaml" <<YAML
upstreamConfig:
  upstreams:
    - id: dashboard
      path: /
      uri: http://127.0.0.1:$upstream
      passHostHeader: true
      flushInterval: 100ms
      timeout: 1h
providers:
  - id: keycloak
    provider: oidc
    clientID: dashboard-proxy
    clientSecret: dashboard-proxy-demo-secret
    scope: openid profile email
    code_challenge_method: S256
    caFiles: [$OIDC_CA]
    oidcConfig:
      issuerURL: $OIDC_ISSUER
      emailClaim: email
      groupsClaim: groups
      userIDClaim: preferred_username
      audienceClaims: [aud]
    backendLogoutURL: $OIDC_ISSUER/protocol/openid-connect/logout?id_token_hint={id_token}
server:
  bindAddress: 127.0.0.1:$listen
injectRequestHeaders:
  - name: Authorization
    values:
      - claimSource: { claim: id_token, prefix: "Bearer " }
  - name: X-Dashboard-Proxy-Secret
    values:
      - secretSource: { fromEnv: DASHBOARD_PROXY_SECRET }
YAML
# Go's default HTTP client (the backend logout call) trusts the stack's CA through SSL_CERT_FILE.
export SSL_CERT_FILE="$OIDC_CA"
exec "$bin" --alpha-config "$dir/alpha.yaml" \
  --cookie-secret playwright-only-cookie-secret-32 --cookie-secure=false --cookie-samesite lax --cookie-refresh 1m \
  --email-domain '*' --redirect-url "http://127.0.0.1:$listen/oauth2/callback" --skip-provider-button \
  --cookie-expire 12h --skip-auth-route 'GET=^/auth/signed-out$' \
  --reverse-proxy=false --request-logging=true --silence-ping-logging
