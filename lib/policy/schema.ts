import { z } from 'zod';
import { parseDuration } from './duration';

// What the form adds to the CRD's own validation (lib/policy/crd-validate.ts, which judges every
// field in the API server's words): the limits Linux puts on keepalive (probes 1–127, idle and
// interval ≤ 32767 s), names, and the typing of the input for the write. One schema for the browser
// and the server action. Issue paths are the object's own (`spec.tcpKeepalive.keepAliveTime`), the
// paths the API server names in Status.details.causes, so both land on the same field.

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const MAX_KEEPALIVE_SECONDS = 32767;

const emptyToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);

export const dns1123Subdomain = z
  .string()
  .min(1, 'required')
  .max(253, 'at most 253 characters')
  .regex(SUBDOMAIN, 'lower-case letters, digits, "-" and "."; must start and end with a letter or digit (RFC 1123)');

export const dns1123Label = z
  .string()
  .min(1, 'required')
  .max(63, 'at most 63 characters')
  .regex(LABEL, 'lower-case letters, digits and "-"; must start and end with a letter or digit (RFC 1123)');

function keepaliveDuration() {
  return z.preprocess(
    emptyToUndefined,
    z
      .string()
      .refine(
        (v) => (parseDuration(v) ?? 0) <= MAX_KEEPALIVE_SECONDS * 1000,
        `Linux accepts at most ${MAX_KEEPALIVE_SECONDS}s (about 9h6m)`,
      )
      .optional(),
  );
}

export const tcpKeepaliveSchema = z.object({
  keepAliveProbes: z.preprocess(
    (v) => (typeof v === 'string' ? (v.trim() === '' ? undefined : Number(v)) : emptyToUndefined(v)),
    z
      .number({ error: 'a whole number' })
      .int('a whole number')
      .min(1, 'at least 1 (0 turns keepalive off in Envoy)')
      .max(127, 'Linux accepts at most 127 probes')
      .optional(),
  ),
  keepAliveTime: keepaliveDuration(),
  keepAliveInterval: keepaliveDuration(),
});

export const targetRefSchema = z
  .object({
    group: z.enum(['', 'gateway.kgateway.dev']),
    kind: z.enum(['Service', 'Backend']),
    name: dns1123Subdomain,
  })
  .refine((r) => (r.kind === 'Service') === (r.group === ''), {
    message: 'TargetRefs must reference either a Kubernetes Service or a Backend API',
    path: ['kind'],
  });

export const keepalivePolicySchema = z.object({
  metadata: z.object({ name: dns1123Subdomain, namespace: dns1123Label }),
  spec: z
    .object({
      targetRefs: z.array(targetRefSchema).min(1, 'pick at least one target').max(16, 'at most 16 targets').optional(),
      tcpKeepalive: tcpKeepaliveSchema.optional(),
    })
    // The other sections are judged by the CRD: in the browser, and by the API server on every
    // write (strict field validation). The server action checks their names; the boundary bounds
    // size and depth.
    .catchall(z.unknown())
    // The CRD allows a policy with no target at all; it would do nothing, so the form asks for one.
    .refine((spec) => (spec.targetRefs?.length ?? 0) > 0 || (Array.isArray(spec.targetSelectors) && spec.targetSelectors.length > 0), {
      message: 'pick at least one target, or add a label selector',
      path: ['targetRefs'],
    }),
});

export type KeepalivePolicyInput = z.input<typeof keepalivePolicySchema>;
export type KeepalivePolicy = z.output<typeof keepalivePolicySchema>;

/** zod issues → `{ 'spec.tcpKeepalive.keepAliveTime': message }`, first message per field. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path
      .map(String)
      .join('.')
      .replace(/\.(\d+)(?=\.|$)/g, '[$1]');
    out[key] ??= issue.message;
  }
  return out;
}
