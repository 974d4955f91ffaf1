'use server';

import { z } from 'zod';
import type { PolicyDto } from '@/lib/wire/dto';
import { err, ok, type Result } from '@/lib/wire/errors';
import { invalidArgs, nameArg, namespaceArg, resourceVersionArg } from '@/lib/http/args';
import { applyPolicy, deletePolicy, getPolicy } from '@/lib/k8s/policies';
import { getSession, type Session } from '@/lib/k8s/session';
import { diffLines, type DiffLine } from '@/lib/policy/diff';
import { fieldErrors, keepalivePolicySchema, type KeepalivePolicy } from '@/lib/policy/schema';
import { toYaml } from '@/lib/policy/yaml';
import { CRD_VERSIONS, specSchema } from '@/lib/policy/crd-versions';

// Every write goes through these server actions; the proxy refuses any whose Origin is missing or
// foreign. Who and which cluster come from the request (lib/k8s/session.ts), never from an
// argument. Every argument is parsed before use; nothing from the browser names an address.

export interface Review {
  diff: DiffLine[];
  /** What the API server would store (defaults included), from the dry-run. */
  stored: PolicyDto;
}

const loadedSchema = z.object({ resourceVersion: resourceVersionArg.optional() }).strict();
export type Loaded = z.infer<typeof loadedSchema>;

/** Every top-level spec field of any kgateway version the dashboard knows. */
const SPEC_FIELDS: ReadonlySet<string> = new Set(
  CRD_VERSIONS.flatMap((v) => Object.keys((specSchema(v) as { properties: Record<string, unknown> }).properties)),
);

function parse(input: unknown): Result<KeepalivePolicy> {
  const parsed = keepalivePolicySchema
    .superRefine((p, ctx) => {
      for (const k of Object.keys(p.spec))
        if (!SPEC_FIELDS.has(k)) ctx.addIssue({ code: 'custom', path: ['spec', k], message: `${k} is not a BackendConfigPolicy field` });
    })
    .safeParse(input);
  return parsed.success
    ? ok(parsed.data)
    : err({ kind: 'invalid', message: 'Some fields need attention.', fieldErrors: fieldErrors(parsed.error) });
}

async function guardCreate(session: Session, p: KeepalivePolicy, loaded: Loaded): Promise<Result<PolicyDto | undefined>> {
  const live = await getPolicy(session, p.metadata.namespace, p.metadata.name);
  if (live.ok && !loaded.resourceVersion) {
    return err({
      kind: 'conflict',
      message: `A BackendConfigPolicy ${p.metadata.namespace}/${p.metadata.name} already exists. Open it to edit it, or choose another name.`,
      fieldErrors: { 'metadata.name': 'already exists' },
    });
  }
  if (!live.ok && live.error.kind !== 'not_found') return err(live.error);
  if (!live.ok && loaded.resourceVersion) {
    return err({
      kind: 'conflict',
      message: `${p.metadata.namespace}/${p.metadata.name} was deleted by someone else since you opened it.`,
    });
  }
  return ok(live.ok ? live.value : undefined);
}

/** Session, input and create-or-edit checks shared by review and apply. */
async function prepare(
  input: unknown,
  loadedInput: unknown,
): Promise<Result<{ session: Session; policy: KeepalivePolicy; loaded: Loaded; live?: PolicyDto }>> {
  const session = await getSession();
  if (!session.ok) return session;
  const loaded = loadedSchema.safeParse(loadedInput);
  if (!loaded.success) return err(invalidArgs(loaded.error));
  const p = parse(input);
  if (!p.ok) return p;
  const live = await guardCreate(session.value, p.value, loaded.data);
  return live.ok ? ok({ session: session.value, policy: p.value, loaded: loaded.data, live: live.value }) : live;
}

/** Dry-run: validates on the server and shows what would change, writing nothing. */
export async function reviewPolicy(input: unknown, loaded: unknown): Promise<Result<Review>> {
  const prep = await prepare(input, loaded);
  if (!prep.ok) return prep;
  const { session, policy, live } = prep.value;
  const dry = await applyPolicy(session, policy, { resourceVersion: prep.value.loaded.resourceVersion, dryRun: true, force: false });
  if (!dry.ok) return dry;
  const before = live ? toYaml({ spec: live.spec }) : '';
  const diff = diffLines(before, toYaml({ spec: dry.value.spec }));
  return diff.ok ? ok({ diff: diff.value, stored: dry.value }) : diff;
}

/** Server-side apply; refuses if the object moved since `loaded` unless the user takes over. */
export async function applyPolicyAction(input: unknown, loaded: unknown, force: unknown): Promise<Result<PolicyDto>> {
  const f = z.boolean().safeParse(force);
  if (!f.success) return err(invalidArgs(f.error));
  const prep = await prepare(input, loaded);
  if (!prep.ok) return prep;
  return applyPolicy(prep.value.session, prep.value.policy, {
    resourceVersion: prep.value.loaded.resourceVersion,
    dryRun: false,
    force: f.data,
  });
}

const deleteSchema = z.object({ namespace: namespaceArg, name: nameArg, resourceVersion: resourceVersionArg }).strict();

/** Deletes exactly the version the page loaded: the resourceVersion is required, never optional. */
export async function deletePolicyAction(target: unknown): Promise<Result<null>> {
  const session = await getSession();
  if (!session.ok) return session;
  const t = deleteSchema.safeParse(target);
  if (!t.success) return err(invalidArgs(t.error));
  return deletePolicy(session.value, t.data.namespace, t.data.name, t.data.resourceVersion);
}
