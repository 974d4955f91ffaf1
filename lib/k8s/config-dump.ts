import 'server-only';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { Duplex, PassThrough, Writable } from 'node:stream';
import { PortForward } from '@kubernetes/client-node';
import { Busy, Semaphore } from '@/lib/bounds/semaphore';
import { err, ok, type AppError, type Result } from '@/lib/wire/errors';
import { env } from '@/lib/config/env';
import { startDownload, type Download } from './dump-store';
import type { Session } from './session';

// Reads a gateway proxy's Envoy admin the way kgateway's keepalive guide does — a port-forward
// through the API server to the pod's port 19000, then `POST /config_dump?include_eds` — from the
// dashboard's server. The HTTP request is written straight into client-node's port-forward
// stream: there is no local listener, so nothing else on the machine can use the forward, and it
// carries exactly the one request it was opened for. Its WebSocket is closed on every path.
// The pod is always one the caller found through the API; no address from the browser is dialled.

export const ENVOY_ADMIN_PORT = 19000;
export const CONFIG_DUMP_PATH = '/config_dump?include_eds';
const DEFAULT_TIMEOUT_MS = 30_000;
/** Envoy answers its admin at once; silence this long means nothing is listening. */
const DEFAULT_ANSWER_MS = 5_000;
/**
 * Envoy writes a whole dump before its first byte: 5.8 s for 50,000 clusters (107 MB) on Envoy
 * 1.40 here. Whole-dump reads wait this long for it.
 */
export const WHOLE_DUMP_ANSWER_MS = 60_000;
export const WHOLE_DUMP_TIMEOUT_MS = 180_000;
/**
 * Once an answer has started, a gap this long between two chunks means the sender is gone. A
 * killed Envoy does not always close its port-forward: without this, the read would wait for the
 * whole deadline.
 */
const DEFAULT_IDLE_MS = 15_000;

/**
 * Envoy's admin also serves `/quitquitquit`, `/runtime_modify`, `/logging`, `/healthcheck/fail`,
 * `/drain_listeners`…; kgateway's admin serves `/logging` (which sets the level) and pprof. The
 * dashboard only ever reads, and only these: anything else is refused before a forward is opened.
 */
export const KGATEWAY_ADMIN_PORT = 9095;
export const KGATEWAY_METRICS_PORT = 9092;
type Method = 'GET' | 'POST';
const READ_ONLY: Record<number, { what: string; paths: Record<string, { method: Method; params: string[] }> }> = {
  [ENVOY_ADMIN_PORT]: {
    what: "Envoy's admin",
    paths: {
      '/config_dump': { method: 'POST', params: ['include_eds', 'resource', 'mask', 'name_regex'] },
      '/stats': { method: 'GET', params: ['filter'] },
    },
  },
  [KGATEWAY_ADMIN_PORT]: { what: "kgateway's admin", paths: { '/snapshots/xds': { method: 'GET', params: [] } } },
  [KGATEWAY_METRICS_PORT]: { what: "kgateway's metrics", paths: { '/metrics': { method: 'GET', params: [] } } },
};

/** One read of a pod's admin or metrics endpoint. */
export interface AdminRequest {
  port: number;
  method: Method;
  /** Path and query, exactly as sent. */
  path: string;
}

export function isReadOnlyAdminRequest({ port, method, path }: AdminRequest): boolean {
  if (path.length > 512 || !path.startsWith('/')) return false;
  const url = new URL(path, 'http://admin.invalid');
  const allowed = Object.hasOwn(READ_ONLY, port) ? READ_ONLY[port]!.paths : {};
  const rule = Object.hasOwn(allowed, url.pathname) ? allowed[url.pathname] : undefined;
  // Exactly as written: no `..`, `.`, `#` or other form the URL parser would rewrite.
  return (
    url.host === 'admin.invalid' &&
    !url.hash &&
    `${url.pathname}${url.search}` === path &&
    rule !== undefined &&
    rule.method === method &&
    [...url.searchParams.keys()].every((k) => rule.params.includes(k))
  );
}

/** The guide's config dump read: `POST` on Envoy's admin. */
export function isReadOnlyAdminPath(path: string): boolean {
  return isReadOnlyAdminRequest({ port: ENVOY_ADMIN_PORT, method: 'POST', path });
}

/** Port-forwards open at once, for every user and every page together. */
const forwards = ((globalThis as { __dashboardForwards?: Semaphore }).__dashboardForwards ??= new Semaphore(
  env().DASHBOARD_MAX_PORT_FORWARDS,
  64,
  'port-forwards to gateway pods',
));
const counts = ((globalThis as { __dashboardForwardCounts?: { opened: number; openWebSockets: number } }).__dashboardForwardCounts ??= {
  opened: 0,
  openWebSockets: 0,
});

/** For the stats route and the tests: forwards in use, waiting, opened so far, WebSockets not yet closed. */
export function forwardStats() {
  return {
    inUse: forwards.inUse,
    queued: forwards.queued,
    max: forwards.max,
    opened: counts.opened,
    openWebSockets: counts.openWebSockets,
  };
}

export interface DumpOptions {
  maxBytes?: number;
  timeoutMs?: number;
  /** How long to wait for Envoy's response headers. */
  answerMs?: number;
  /** How long a started answer may send nothing before it is given up. */
  idleMs?: number;
  /** Envoy admin path and query (read-only ones only); the guide's by default. */
  path?: string;
  /** Called with the bytes received so far, after every chunk. */
  onProgress?: (bytes: number) => void;
  /** Abandons the read (the browser went away). */
  signal?: AbortSignal;
  /** Dumps of one fetch (every replica) do not evict each other from the memory budget. */
  batch?: string;
  /** The caller's share of the memory budget, released by the caller once it has kept the dump. */
  download?: Download;
}

export function forwardError(e: unknown, namespace: string, pod: string, port = ENVOY_ADMIN_PORT): AppError {
  // client-node rejects with the WebSocket's ErrorEvent: "Unexpected server response: 403".
  const text = (e as { message?: unknown })?.message;
  const message = typeof text === 'string' ? text : String(e);
  const status = Number(/Unexpected server response: (\d{3})/.exec(message)?.[1]);
  if (status === 403) {
    const missing = `create pods/portforward in namespace ${namespace}`;
    return {
      kind: 'forbidden',
      message: `Missing permission: ${missing}, which reading ${port === ENVOY_ADMIN_PORT ? "a proxy's config dump" : "kgateway's admin"} needs. Check with kubectl auth can-i create pods/portforward -n ${namespace}.`,
      missingPermission: missing,
    };
  }
  if (status === 401)
    return { kind: 'unauthorized', message: 'The API server did not accept the credentials of this context for the port-forward.' };
  if (status === 404) return { kind: 'not_found', message: `Pod ${namespace}/${pod} is gone; reload to see the gateway's current pods.` };
  if (status === 400 || status === 500) {
    return {
      kind: 'unavailable',
      message: `The API server could not open a port-forward to ${namespace}/${pod} (HTTP ${status}): is the pod running?`,
    };
  }
  // The API server or the node closed the forward as it opened: nothing accepts the port.
  const running = port === ENVOY_ADMIN_PORT ? 'Is its Envoy running?' : 'Is kgateway running?';
  return { kind: 'unavailable', message: `Port-forward to ${namespace}/${pod} failed: ${message}. ${running}` };
}

/** The socket Node's HTTP client writes to and reads from: the two halves of the port-forward. */
class ForwardSocket extends Duplex {
  constructor(private readonly toPod: PassThrough) {
    super();
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, done: (e?: Error | null) => void) {
    this.toPod.write(chunk, done);
  }
  override _read() {}
  // The HTTP client's end of writing must not end the forward: the answer is still to come.
  override _final(done: () => void) {
    done();
  }
  // What http.ClientRequest may call on a net.Socket.
  setTimeout() {
    return this;
  }
  setNoDelay() {
    return this;
  }
  setKeepAlive() {
    return this;
  }
  ref() {
    return this;
  }
  unref() {
    return this;
  }
}

interface ForwardWebSocket {
  readyState: number;
  close(): void;
  terminate?(): void;
  once(event: 'close', listener: () => void): void;
}

/** A place among the port-forwards open at once, or why there is none. */
async function forwardSlot(stop: AbortSignal, namespace: string, pod: string): Promise<Result<() => void>> {
  try {
    return ok(await forwards.acquire(stop));
  } catch (e) {
    if (e instanceof Busy) return err({ kind: 'unavailable', message: `The dashboard is busy: ${e.message}` });
    return err({ kind: 'unavailable', message: `No port-forward to ${namespace}/${pod} could start in time.` });
  }
}

/** Opens the forward; the returned `close` is safe to call any number of times. */
async function openForward(session: Session, namespace: string, pod: string, port: number) {
  const toPod = new PassThrough();
  const socket = new ForwardSocket(toPod);
  const fromPod = new Writable({
    write(chunk: Buffer, _enc, done) {
      socket.push(chunk);
      done();
    },
  });
  const errors: string[] = [];
  const errStream = new Writable({
    write(chunk: Buffer, _enc, done) {
      if (errors.join('').length < 2048) errors.push(chunk.toString('utf8'));
      done();
    },
  });
  const ws = (await new PortForward(session.kc, true).portForward(
    namespace,
    pod,
    [port],
    fromPod,
    errStream,
    toPod,
  )) as unknown as ForwardWebSocket;
  counts.opened++;
  counts.openWebSockets++;
  let closed = false;
  ws.once('close', () => {
    counts.openWebSockets--;
    closed = true;
    socket.push(null);
  });
  const close = () => {
    socket.destroy();
    toPod.destroy();
    if (closed) return;
    ws.close();
    // A peer that never answers the close handshake does not keep the socket.
    setTimeout(() => {
      if (!closed) ws.terminate?.();
    }, 1_000).unref();
  };
  return { socket, close, errors: () => errors.join('').trim() };
}

function send(socket: ForwardSocket, r: AdminRequest, signal: AbortSignal): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({
      createConnection: () => socket as never,
      method: r.method,
      path: r.path,
      headers: { host: `127.0.0.1:${r.port}`, ...(r.method === 'POST' ? { 'content-length': '0' } : {}), connection: 'close' },
      signal,
    });
    req.once('response', resolve);
    req.once('error', reject);
    req.end();
  });
}

/** Reads `pod`'s config dump through the API server, as kgateway's guide does; returns the raw bytes. */
export function fetchConfigDump(session: Session, namespace: string, pod: string, opts: DumpOptions = {}): Promise<Result<Buffer>> {
  return fetchPodAdmin(session, namespace, pod, { port: ENVOY_ADMIN_PORT, method: 'POST', path: opts.path ?? CONFIG_DUMP_PATH }, opts);
}

/** An admin answer whose headers said 200, and how to let go of its forward and slot (idempotent). */
interface OpenAnswer {
  res: IncomingMessage;
  errors: () => string;
  close: () => void;
  /** For the messages of a body that then fails: what answered, and how long its headers had. */
  c: Parameters<typeof silence>[2];
}

/**
 * The part both readers share: the request checked, a place among the forwards, the forward, the
 * request sent and its headers read (within `answerMs`), a status other than 200 refused. Every
 * failure is a Result with the user's message, and holds nothing.
 */
async function openAnswer(
  session: Session,
  namespace: string,
  pod: string,
  request: AdminRequest,
  stop: AbortSignal,
  overall: AbortSignal,
  opts: Pick<DumpOptions, 'timeoutMs' | 'answerMs'> & { timeoutMs: number },
): Promise<Result<OpenAnswer>> {
  const { path } = request;
  if (!isReadOnlyAdminRequest(request))
    return err({
      kind: 'invalid',
      message: `Refused: ${request.method} ${path} on port ${request.port} is not a read-only admin endpoint.`,
    });
  const slot = await forwardSlot(stop, namespace, pod);
  if (!slot.ok) return slot;
  let forward: Awaited<ReturnType<typeof openForward>> | undefined;
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    forward?.close();
    slot.value();
  };
  try {
    forward = await untilStopped(openForward(session, namespace, pod, request.port), stop);
    if (!forward) {
      close();
      return err({
        kind: 'unavailable',
        message: overall.aborted
          ? `The API server did not open a port-forward to ${namespace}/${pod} within ${opts.timeoutMs / 1000} s.`
          : 'The request went away before the port-forward opened.',
      });
    }
    const what = READ_ONLY[request.port]!.what;
    const answerMs = opts.answerMs ?? DEFAULT_ANSWER_MS;
    // Only the wait for the headers is short; the body may take as long as `overall` allows.
    const answerTimer = new AbortController();
    const timer = setTimeout(() => answerTimer.abort(), answerMs);
    const c = { namespace, pod, port: request.port, what, answerMs, answer: answerTimer.signal, overall, timeoutMs: opts.timeoutMs };
    let res: IncomingMessage;
    try {
      res = await send(forward.socket, request, AbortSignal.any([stop, answerTimer.signal]));
    } catch (e) {
      const errors = forward.errors();
      close();
      return err(silence(e, errors, c));
    } finally {
      clearTimeout(timer);
    }
    if (res.statusCode !== 200) {
      res.destroy();
      close();
      return err({
        kind: 'unavailable',
        message: `${what[0]!.toUpperCase()}${what.slice(1)} on ${namespace}/${pod}:${request.port} answered HTTP ${res.statusCode} to ${path}.`,
      });
    }
    return ok({ res, errors: forward.errors, close, c });
  } catch (e) {
    close();
    return err(forwardError(e, namespace, pod, request.port));
  }
}

/** Reads one read-only admin endpoint of `pod` through the API server; returns the raw bytes. */
export async function fetchPodAdmin(
  session: Session,
  namespace: string,
  pod: string,
  request: AdminRequest,
  opts: DumpOptions = {},
): Promise<Result<Buffer>> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const overall = AbortSignal.timeout(timeoutMs);
  const stop = AbortSignal.any([overall, ...(opts.signal ? [opts.signal] : [])]);
  const opened = await openAnswer(session, namespace, pod, request, stop, overall, { ...opts, timeoutMs });
  if (!opened.ok) return opened;
  const download = opts.download ?? startDownload(opts.batch);
  try {
    return await readBody(opened.value, request, stop, { ...opts, download });
  } catch (e) {
    return err(forwardError(e, namespace, pod, request.port));
  } finally {
    opened.value.close();
    if (!opts.download) download.release();
  }
}

/**
 * client-node's WebSocket handshake takes no signal: race it against `stop`, and close the
 * forward whenever it does open after the request stopped waiting. Undefined when stopped.
 */
async function untilStopped<T extends { close(): void }>(opening: Promise<T>, stop: AbortSignal): Promise<T | undefined> {
  let onAbort = () => {};
  const stopped = new Promise<undefined>((resolve) => {
    onAbort = () => resolve(undefined);
    if (stop.aborted) onAbort();
    else stop.addEventListener('abort', onAbort, { once: true });
  });
  const winner = await Promise.race([opening, stopped]).finally(() => stop.removeEventListener('abort', onAbort));
  if (!winner)
    opening.then(
      (late) => late.close(),
      () => {},
    );
  return winner;
}

/** The message of a body that broke after `size` bytes: the forward dropped or the process stopped. */
function brokeAfter(c: OpenAnswer['c'], path: string, size: number, why: string): AppError {
  return {
    kind: 'unavailable',
    message: `The port-forward to ${c.namespace}/${c.pod} closed after ${size} bytes of ${c.what}'s answer to ${path}${why}: the forward dropped or the pod's process stopped; nothing was kept. Try again.`,
  };
}

/** The message of a body past its size cap. */
function tooLarge(c: OpenAnswer['c'], path: string, maxBytes: number): AppError {
  return {
    kind: 'invalid',
    message: `The answer of ${c.what} on ${c.pod} (${path}) is larger than the ${Math.round(maxBytes / 1048576)} MB cap (DASHBOARD_DUMP_MAX_MB); raise the cap or inspect a narrower slice.`,
  };
}

async function readBody(answer: OpenAnswer, request: AdminRequest, stop: AbortSignal, opts: DumpOptions): Promise<Result<Buffer>> {
  const { res, c } = answer;
  const maxBytes = opts.maxBytes ?? env().DASHBOARD_DUMP_MAX_MB * 1024 * 1024;
  const chunks: Buffer[] = [];
  let size = 0;
  const idleMs = opts.idleMs ?? DEFAULT_IDLE_MS;
  let idle: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    clearTimeout(idle);
    idle = setTimeout(() => res.destroy(new Error(`nothing arrived for ${idleMs / 1000} s`)), idleMs);
  };
  arm();
  try {
    for await (const chunk of res as AsyncIterable<Buffer>) {
      arm();
      if (stop.aborted) throw stop.reason;
      size += chunk.length;
      if (size > maxBytes) return err(tooLarge(c, request.path, maxBytes));
      if (!opts.download!.reserve(chunk.length)) {
        return err({
          kind: 'unavailable',
          message: `The server's memory for config dumps (DASHBOARD_DUMP_KEEP_MB) is taken by other downloads; ${c.pod} was not read. Try again when they finish.`,
        });
      }
      chunks.push(chunk);
      opts.onProgress?.(size);
    }
  } catch (e) {
    // Part of the answer came, then the stream broke: the forward dropped, not the pod's silence.
    if (size > 0 && !stop.aborted) return err(brokeAfter(c, request.path, size, ` (${(e as Error).message || 'no reason given'})`));
    return err(silence(e, answer.errors(), c));
  } finally {
    clearTimeout(idle);
    res.destroy();
  }
  if (!res.complete) return err(brokeAfter(c, request.path, size, ', before its end'));
  return ok(Buffer.concat(chunks));
}

function silence(
  e: unknown,
  forwardErrors: string,
  c: {
    namespace: string;
    pod: string;
    port: number;
    what: string;
    answerMs: number;
    answer: AbortSignal;
    overall: AbortSignal;
    timeoutMs?: number;
  },
): AppError {
  const where = `port ${c.port} of ${c.namespace}/${c.pod}`;
  const running = c.port === ENVOY_ADMIN_PORT ? 'is its Envoy running?' : 'is kgateway running?';
  if (forwardErrors) return { kind: 'unavailable', message: `Nothing answered on ${where}: ${running} (${forwardErrors})` };
  if (c.overall.aborted)
    return {
      kind: 'unavailable',
      message: `No complete answer from ${c.what} on ${c.namespace}/${c.pod} within ${(c.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000} s.`,
    };
  if (c.answer.aborted) return { kind: 'unavailable', message: `Nothing answered on ${where} within ${c.answerMs / 1000} s: ${running}` };
  return {
    kind: 'unavailable',
    message: `Nothing answered on ${where}, or the connection dropped (${(e as Error).message}). ${running[0]!.toUpperCase()}${running.slice(1)}`,
  };
}

/**
 * Opens one read-only admin endpoint of `pod` and hands its body on as it arrives, never holding
 * it whole: for the whole-dump download. The forward and its slot are released when the body
 * ends, fails, passes `maxBytes`, or the reader cancels (the browser went away). Errors before
 * the first byte are a Result; a failure after it ends the stream with an error, so the download
 * fails instead of saving a truncated file.
 */
export async function streamPodAdmin(
  session: Session,
  namespace: string,
  pod: string,
  request: AdminRequest,
  opts: Pick<DumpOptions, 'maxBytes' | 'timeoutMs' | 'answerMs' | 'idleMs' | 'signal'> = {},
): Promise<Result<ReadableStream<Uint8Array>>> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS * 10;
  const overall = AbortSignal.timeout(timeoutMs);
  const stop = AbortSignal.any([overall, ...(opts.signal ? [opts.signal] : [])]);
  const opened = await openAnswer(session, namespace, pod, request, stop, overall, { ...opts, timeoutMs });
  if (!opened.ok) return opened;
  const { res, c, close } = opened.value;
  const maxBytes = opts.maxBytes ?? env().DASHBOARD_DUMP_MAX_MB * 1024 * 1024;
  const idleMs = opts.idleMs ?? DEFAULT_IDLE_MS;
  let size = 0;
  const iterator = (res as AsyncIterable<Buffer> & IncomingMessage)[Symbol.asyncIterator]();
  const end = () => {
    stop.removeEventListener('abort', end);
    res.destroy();
    close();
  };
  stop.addEventListener('abort', end, { once: true });
  if (stop.aborted) end(); // stopped while the headers came: the listener came too late
  return ok(
    new ReadableStream<Uint8Array>({
      async pull(controller) {
        let idle: ReturnType<typeof setTimeout> | undefined;
        try {
          const next = await Promise.race([
            iterator.next(),
            new Promise<never>((_, fail) => {
              idle = setTimeout(() => fail(new Error(`nothing arrived for ${idleMs / 1000} s`)), idleMs);
            }),
          ]);
          if (next.done) {
            end();
            if (res.complete) controller.close();
            else controller.error(new Error(brokeAfter(c, request.path, size, ', before its end').message));
            return;
          }
          size += next.value.length;
          if (size > maxBytes) throw new Error(tooLarge(c, request.path, maxBytes).message);
          controller.enqueue(new Uint8Array(next.value.buffer, next.value.byteOffset, next.value.length));
        } catch (e) {
          end();
          controller.error(e);
        } finally {
          clearTimeout(idle);
        }
      },
      cancel: end,
    }),
  );
}
