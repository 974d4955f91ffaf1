import { z } from 'zod';
import { dns1123Label, dns1123Subdomain } from '@/lib/policy/schema';
import type { AppError } from '@/lib/wire/errors';

// Every argument a route handler or server action takes from the browser, parsed before use:
// names and namespaces as RFC 1123, ports, ids, resourceVersions. Pure; used on the server.

export const namespaceArg = dns1123Label;
export const nameArg = dns1123Subdomain;
export const podArg = dns1123Subdomain;
export const portArg = z.coerce.number({ error: 'a port number' }).int('a port number').min(1, 'at least 1').max(65535, 'at most 65535');
/** A namespaced object's `[namespace]/[name]` route params. */
export const objectRefArgs = z.object({ namespace: namespaceArg, name: nameArg });
export const uuidArg = z.uuid('not an id the dashboard gave out');
/** Opaque to clients, but the API server only ever hands out short strings of digits and letters. */
export const resourceVersionArg = z
  .string({ error: 'the resourceVersion the page loaded is required' })
  .min(1, 'the resourceVersion the page loaded is required')
  .max(64, 'not a resourceVersion')
  .regex(/^[0-9A-Za-z]+$/, 'not a resourceVersion');

/** `namespace/name`, as the gateway view and links write a Service. */
export const serviceRefArg = z
  .string()
  .max(320)
  .transform((v, ctx) => {
    const [namespace, name, extra] = v.split('/');
    const ns = namespaceArg.safeParse(namespace);
    const n = nameArg.safeParse(name);
    if (extra !== undefined || !ns.success || !n.success) {
      ctx.addIssue({ code: 'custom', message: 'give the Service as <namespace>/<name>' });
      return z.NEVER;
    }
    return { namespace: ns.data, name: n.data };
  });

/** A zod failure as the dashboard's `invalid` error, one message per argument. */
export function invalidArgs(error: z.ZodError): AppError {
  const fieldErrors: Record<string, string> = {};
  for (const i of error.issues) fieldErrors[i.path.join('.') || 'input'] ??= i.message;
  return {
    kind: 'invalid',
    message: `Invalid request: ${Object.entries(fieldErrors)
      .map(([k, v]) => `${k}: ${v}`)
      .join('; ')}.`,
    fieldErrors,
  };
}

/** Parses a query string (only the keys `shape` names) with `shape`. */
export function parseQuery<S extends z.ZodRawShape>(shape: S, query: URLSearchParams) {
  const input: Record<string, string> = {};
  for (const key of Object.keys(shape)) {
    const v = query.get(key);
    if (v !== null) input[key] = v;
  }
  return z.object(shape).safeParse(input);
}
