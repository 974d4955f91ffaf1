import 'server-only';
import { type AppError } from '@/lib/wire/errors';

// Maps what the API server (or the network) said into the app's error vocabulary.
// Duck-typed on client-node's ApiException ({code, body}) so it is pure and unit-testable.

export interface Attempt {
  /** e.g. `create`, `list` */
  verb: string;
  /** plural resource, e.g. `backendconfigpolicies` */
  resource: string;
  /** API group, '' for core */
  group?: string;
  namespace?: string;
  /** API server URL, for "cannot reach" messages */
  server?: string;
}

interface StatusCause {
  field?: string;
  message?: string;
  reason?: string;
}
interface KubeStatus {
  kind?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: { causes?: StatusCause[] };
}

function parseStatus(body: unknown): KubeStatus | undefined {
  if (typeof body === 'string') {
    try {
      return JSON.parse(body) as KubeStatus;
    } catch {
      return undefined;
    }
  }
  return body && typeof body === 'object' ? (body as KubeStatus) : undefined;
}

/** `create backendconfigpolicies.gateway.kgateway.dev in namespace httpbin` */
export function describePermission(a: Attempt): string {
  const resource = a.group ? `${a.resource}.${a.group}` : a.resource;
  return `${a.verb} ${resource}${a.namespace ? ` in namespace ${a.namespace}` : ' (cluster-wide)'}`;
}

const forbiddenPattern = /cannot (\S+) resource "([^"]+)" in API group "([^"]*)"(?: in the namespace "([^"]+)"| at the cluster scope)?/;

function permissionFromMessage(message: string): string | undefined {
  const m = forbiddenPattern.exec(message);
  if (!m) return undefined;
  return describePermission({ verb: m[1]!, resource: m[2]!, group: m[3], namespace: m[4] });
}

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused (ECONNREFUSED)',
  ECONNRESET: 'connection reset (ECONNRESET)',
  ENOTFOUND: 'host name not found (ENOTFOUND)',
  EHOSTUNREACH: 'host unreachable (EHOSTUNREACH)',
  ETIMEDOUT: 'connection timed out (ETIMEDOUT)',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its certificate is self-signed and not in the kubeconfig',
  SELF_SIGNED_CERT_IN_CHAIN: 'its certificate chain is not trusted by the kubeconfig',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "its certificate is not signed by the kubeconfig's certificate authority",
  CERT_HAS_EXPIRED: 'its certificate has expired',
  ERR_TLS_CERT_ALTNAME_INVALID: 'its certificate does not name this address',
};

function networkError(e: unknown, server: string): AppError | undefined {
  if (!(e instanceof Error)) return undefined;
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? (e as { code?: string }).code;
  const isTimeout = e.name === 'TimeoutError' || e.name === 'AbortError' || code === 'UND_ERR_CONNECT_TIMEOUT';
  if (!isTimeout && !code && !/fetch failed|ECONN|ENOTFOUND|EHOSTUNREACH|socket/i.test(e.message)) return undefined;
  const why = isTimeout ? 'no answer before the deadline' : ((code && NETWORK_CODES[code]) ?? code ?? cause?.message ?? e.message);
  return {
    kind: 'unavailable',
    message: `Cannot reach the API server at ${server}: ${why}. Check that it is running (kubectl cluster-info) or choose another context.`,
  };
}

export function toAppError(e: unknown, attempt: Attempt): AppError {
  const code = (e as { code?: unknown })?.code;
  if (typeof code === 'number' && 'body' in (e as object)) {
    const body = (e as { body: unknown }).body;
    const status = parseStatus(body);
    // Paths the API server does not serve at all (e.g. a CRD that is not installed) answer in plain text.
    const plain = typeof body === 'string' && !status && body.trim().length > 0 && body.length < 200 ? body.trim() : undefined;
    const message = status?.message ?? plain ?? `The API server answered HTTP ${code}.`;
    switch (code) {
      case 401:
        return {
          kind: 'unauthorized',
          message: `The API server did not accept the credentials of this context: ${message}. Refresh them (kubectl auth whoami shows the same).`,
        };
      case 403: {
        const missing = permissionFromMessage(message) ?? describePermission(attempt);
        return { kind: 'forbidden', message: `Missing permission: ${missing}. ${message}`, missingPermission: missing };
      }
      case 404:
        return { kind: 'not_found', message };
      case 409:
        return { kind: 'conflict', message: `${message}. Reload to see the current version, then apply again.` };
      case 400:
      case 422: {
        const fieldErrors: Record<string, string> = {};
        for (const c of status?.details?.causes ?? []) {
          if (c.field && c.message && !fieldErrors[c.field]) fieldErrors[c.field] = c.message;
        }
        return { kind: 'invalid', message, fieldErrors };
      }
      default:
        if (code === 429 || code >= 500)
          return { kind: 'unavailable', message: `The API server is struggling (HTTP ${code}): ${message}. Try again shortly.` };
        return { kind: 'internal', message: `Unexpected answer from the API server (HTTP ${code}): ${message}` };
    }
  }
  return (
    networkError(e, attempt.server ?? 'the configured address') ?? { kind: 'internal', message: e instanceof Error ? e.message : String(e) }
  );
}
