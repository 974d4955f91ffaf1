// One error vocabulary for server and browser. Expected failures travel as values (Result<T>);
// throws are for bugs. Every message says what happened and what to do next.

export type ErrorKind = 'invalid' | 'unauthorized' | 'forbidden' | 'not_found' | 'conflict' | 'unavailable' | 'internal';

export interface AppError {
  kind: ErrorKind;
  message: string;
  /** Field path (e.g. `spec.tcpKeepalive.keepAliveTime`) to message, for `invalid`. */
  fieldErrors?: Record<string, string>;
  /** For `forbidden`: the permission that is missing, as `verb resource[.group] [in namespace]`. */
  missingPermission?: string;
  /** For `conflict`: who made the change this write ran into (a person, or another field manager). */
  changedBy?: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const err = <T = never>(error: AppError): Result<T> => ({ ok: false, error });

/** Errors that retrying will not fix; the browser's read cache does not retry them. */
export function isPermanent(kind: ErrorKind): boolean {
  return kind === 'invalid' || kind === 'unauthorized' || kind === 'forbidden' || kind === 'not_found';
}

export const errorTitles: Record<ErrorKind, string> = {
  invalid: 'Invalid input',
  unauthorized: 'Not authenticated',
  forbidden: 'Permission denied',
  not_found: 'Not found',
  conflict: 'Changed by someone else',
  unavailable: 'Cannot reach the API server',
  internal: 'Unexpected error',
};
