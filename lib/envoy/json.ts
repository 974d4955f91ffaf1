// JSON as Envoy's dumps hold it, and the error a reader of them throws. Pure; apart from
// config-dump.ts (which re-exports them) so that dump-configs.ts needs nothing of it.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** A JSON object: not null, not an array. */
export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export class ConfigDumpError extends Error {
  override name = 'ConfigDumpError';
}
