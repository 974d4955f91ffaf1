import 'server-only';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { PortForward } from '@kubernetes/client-node';
import { err, ok, type AppError, type Result } from '@/lib/errors';
import { env } from '@/lib/env';
import { kubeConfig } from './client';

// Fetches a gateway proxy's config dump the way kgateway's keepalive guide does — a port-forward
// through the API server to the pod's Envoy admin port, then `POST /config_dump?include_eds` —
// from the dashboard's server. The pod is always one the caller found through the API; no
// address from the browser is ever dialled.

export const ENVOY_ADMIN_PORT = 19000;
const DEFAULT_TIMEOUT_MS = 30_000;
/** Envoy answers its admin at once; silence this long means nothing is listening. */
const DEFAULT_ANSWER_MS = 5_000;

export interface DumpOptions {
  maxBytes?: number;
  timeoutMs?: number;
  /** How long to wait for Envoy's response headers. */
  answerMs?: number;
  /** Envoy admin path and query; the guide's by default. */
  path?: string;
  /** Called with the bytes received so far, after every chunk. */
  onProgress?: (bytes: number) => void;
  /** Abandons the read (the browser went away). */
  signal?: AbortSignal;
}

export function forwardError(e: unknown, namespace: string, pod: string): AppError {
  // client-node rejects with the WebSocket's ErrorEvent: "Unexpected server response: 403".
  const text = (e as { message?: unknown })?.message;
  const message = typeof text === 'string' ? text : String(e);
  const status = Number(/Unexpected server response: (\d{3})/.exec(message)?.[1]);
  if (status === 403) {
    const missing = `create pods/portforward in namespace ${namespace}`;
    return {
      kind: 'forbidden',
      message: `Missing permission: ${missing}, which reading a proxy's config dump needs. Check with kubectl auth can-i create pods/portforward -n ${namespace}.`,
      missingPermission: missing,
    };
  }
  if (status === 401)
    return { kind: 'unauthorized', message: 'The API server did not accept the credentials of this context for the port-forward.' };
  if (status === 404) return { kind: 'not_found', message: `Pod ${namespace}/${pod} is gone; reload to see the gateway's current pods.` };
  if (status === 400 || status === 500)
    return {
      kind: 'unavailable',
      message: `The API server could not open a port-forward to ${namespace}/${pod} (HTTP ${status}): is the pod running?`,
    };
  return { kind: 'unavailable', message: `Port-forward to ${namespace}/${pod} failed: ${message}` };
}

/** Reads Envoy's admin endpoint on `pod` through the API server; returns the raw bytes. */
export async function fetchConfigDump(
  context: string | undefined,
  namespace: string,
  pod: string,
  opts: DumpOptions = {},
): Promise<Result<Buffer>> {
  const maxBytes = opts.maxBytes ?? env().DASHBOARD_DUMP_MAX_MB * 1024 * 1024;
  const forward = new PortForward(kubeConfig(context), true);
  let forwardFailure: unknown;
  const sockets = new Set<Socket>();
  // A listener on an ephemeral loopback port that exists only for this one request.
  const server = createServer((socket) => {
    sockets.add(socket);
    forward.portForward(namespace, pod, [ENVOY_ADMIN_PORT], socket, null, socket).catch((e: unknown) => {
      forwardFailure = e;
      socket.destroy();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  const overall = AbortSignal.timeout(opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const answer = new AbortController();
  const answerTimer = setTimeout(() => answer.abort(), opts.answerMs ?? DEFAULT_ANSWER_MS);
  const signal = AbortSignal.any([overall, answer.signal, ...(opts.signal ? [opts.signal] : [])]);
  try {
    const res = await fetch(`http://127.0.0.1:${port}${opts.path ?? '/config_dump?include_eds'}`, { method: 'POST', signal });
    clearTimeout(answerTimer);
    if (!res.ok || !res.body) {
      return err({ kind: 'unavailable', message: `Envoy's admin on ${namespace}/${pod}:${ENVOY_ADMIN_PORT} answered HTTP ${res.status}.` });
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const reader = res.body.getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      const chunk = r.value;
      size += chunk.length;
      if (size > maxBytes) {
        await reader.cancel();
        return err({
          kind: 'invalid',
          message: `The config dump of ${pod} is larger than the ${Math.round(maxBytes / 1048576)} MB cap (DASHBOARD_DUMP_MAX_MB); raise the cap or inspect a narrower slice.`,
        });
      }
      chunks.push(Buffer.from(chunk));
      opts.onProgress?.(size);
    }
    return ok(Buffer.concat(chunks));
  } catch (e) {
    if (forwardFailure) return err(forwardError(forwardFailure, namespace, pod));
    if (answer.signal.aborted && !overall.aborted) {
      return err({
        kind: 'unavailable',
        message: `Nothing answered on port ${ENVOY_ADMIN_PORT} of ${namespace}/${pod} within ${(opts.answerMs ?? DEFAULT_ANSWER_MS) / 1000} s: is its Envoy running?`,
      });
    }
    if (overall.aborted)
      return err({
        kind: 'unavailable',
        message: `No complete config dump from ${namespace}/${pod} within ${(opts.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000} s.`,
      });
    return err({
      kind: 'unavailable',
      message: `Nothing answered on port ${ENVOY_ADMIN_PORT} of ${namespace}/${pod}, or the connection dropped (${(e as Error).message}). Is the proxy running?`,
    });
  } finally {
    clearTimeout(answerTimer);
    for (const s of sockets) s.destroy();
    server.close();
  }
}
