import type { AppError, ErrorKind, Result } from '@/lib/wire/errors';

// One dialect for every route handler: a Result as JSON, with the HTTP status of its error kind,
// so the browser gets the error vocabulary intact (kind, message, field errors, permission).

export const STATUS_OF: Record<ErrorKind, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unavailable: 503,
  internal: 500,
};

const NO_STORE = { 'cache-control': 'no-store' };

export function jsonResult<T>(result: Result<T>): Response {
  return Response.json(result, { status: result.ok ? 200 : STATUS_OF[result.error.kind], headers: NO_STORE });
}

export function jsonError(error: AppError): Response {
  return jsonResult({ ok: false, error });
}
