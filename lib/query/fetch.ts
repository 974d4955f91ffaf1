import type { AppError, Result } from '@/lib/wire/errors';

// The browser's one way to read: GET a route handler, and on failure throw the server's own
// AppError (kind, message, field errors, permission) so the read cache (read-store.ts) can,
// for example, leave 401/403/404 alone instead of retrying them.

export class ApiError extends Error {
  constructor(
    readonly appError: AppError,
    readonly status: number,
  ) {
    super(appError.message);
  }
}

async function errorOf(res: Response): Promise<ApiError> {
  const body = (await res.json().catch(() => undefined)) as Partial<Result<unknown>> | undefined;
  if (body && body.ok === false && body.error) return new ApiError(body.error, res.status);
  const text = res.status === 421 || res.status === 403 ? ` ${await res.text().catch(() => '')}` : '';
  return new ApiError(
    { kind: res.status >= 500 ? 'unavailable' : 'internal', message: `The dashboard server answered HTTP ${res.status}.${text}` },
    res.status,
  );
}

/** A GET whose success body is the data itself. */
export async function fetchJson<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, { cache: 'no-store', ...init });
  if (!res.ok) throw await errorOf(res);
  return (await res.json()) as T;
}

/** A GET whose body is a Result<T>: the value, or its error thrown as ApiError. */
export async function fetchResult<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, { cache: 'no-store', ...init });
  if (!res.ok) throw await errorOf(res);
  const body = (await res.json()) as Result<T>;
  if (!body.ok) throw new ApiError(body.error, res.status);
  return body.value;
}

/** Whatever a read threw, as an AppError to show. */
export function toAppError(e: unknown): AppError {
  if (e instanceof ApiError) return e.appError;
  return { kind: 'unavailable', message: `The dashboard server did not answer: ${(e as Error)?.message ?? String(e)}` };
}

/** For a GET that streams: the response once it is known to be good, else its error thrown. */
export async function fetchOk(url: string, init?: RequestInit): Promise<Response> {
  const res = await fetch(url, { cache: 'no-store', ...init });
  if (!res.ok) throw await errorOf(res);
  return res;
}
