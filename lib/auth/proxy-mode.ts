import 'server-only';
import { env } from '@/lib/config/env';
import { mapping, providerKeys } from './oidc';
import { proxied, type Proxied, type ProxySettings } from './proxied';

// The proxy mode's settings from the environment, and its check with the provider's real keys.

export function proxySettings(): ProxySettings {
  const e = env();
  return {
    secret: e.DASHBOARD_PROXY_SECRET!,
    header: e.DASHBOARD_PROXY_SECRET_HEADER.toLowerCase(),
    issuer: e.DASHBOARD_OIDC_ISSUER!,
    audience: e.DASHBOARD_OIDC_CLIENT_ID!,
    mapping: mapping(),
  };
}

/** Who this request is from, in proxy mode. */
export function proxiedPerson(headers: Headers): Promise<Proxied> {
  return proxied(headers, proxySettings(), providerKeys);
}
