'use server';

import type { PolicyDto } from '@/lib/dto';
import { err, ok, type Result } from '@/lib/errors';
import { isKnownContext } from '@/lib/k8s/client';
import { inspectGateway } from '@/lib/k8s/gateway-inspect';
import { replicaInEffect, replicaProblems } from '@/lib/replica-verdict';
import { listGateways } from '@/lib/k8s/gateways';
import { applyPolicy, deletePolicy, getPolicy } from '@/lib/k8s/policies';
import { listServices } from '@/lib/k8s/services';
import { howPolicyTargets } from '@/lib/policy/model';
import { diffLines, type DiffLine } from '@/lib/policy/diff';
import { fieldErrors, keepalivePolicySchema, type KeepalivePolicy } from '@/lib/policy/schema';
import { toYaml } from '@/lib/policy/yaml';

// Every write goes through these server actions (Next checks the Origin of each call). Input is
// re-validated with the same schema the form uses; nothing from the browser names an address.

export interface Review {
  diff: DiffLine[];
  /** What the API server would store (defaults included), from the dry-run. */
  stored: PolicyDto;
}

export interface Loaded {
  /** undefined when creating */
  resourceVersion?: string;
}

function checkContext(context: string | undefined): Result<undefined> {
  return context && !isKnownContext(context)
    ? err({ kind: 'invalid', message: `Unknown kubeconfig context "${context}".` })
    : ok(undefined);
}

function parse(input: unknown): Result<KeepalivePolicy> {
  const parsed = keepalivePolicySchema.safeParse(input);
  return parsed.success
    ? ok(parsed.data)
    : err({ kind: 'invalid', message: 'Some fields need attention.', fieldErrors: fieldErrors(parsed.error) });
}

async function guardCreate(context: string | undefined, p: KeepalivePolicy, loaded: Loaded): Promise<Result<PolicyDto | undefined>> {
  const live = await getPolicy(context, p.metadata.namespace, p.metadata.name);
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

/** Context, input and create-or-edit checks shared by review and apply. */
async function prepare(
  context: string | undefined,
  input: unknown,
  loaded: Loaded,
): Promise<Result<{ policy: KeepalivePolicy; live?: PolicyDto }>> {
  const c = checkContext(context);
  if (!c.ok) return c;
  const p = parse(input);
  if (!p.ok) return p;
  const live = await guardCreate(context, p.value, loaded);
  return live.ok ? ok({ policy: p.value, live: live.value }) : live;
}

/** Dry-run: validates on the server and shows what would change, writing nothing. */
export async function reviewPolicy(context: string | undefined, input: unknown, loaded: Loaded): Promise<Result<Review>> {
  const prep = await prepare(context, input, loaded);
  if (!prep.ok) return prep;
  const dry = await applyPolicy(context, prep.value.policy, { resourceVersion: loaded.resourceVersion, dryRun: true, force: false });
  if (!dry.ok) return dry;
  const before = prep.value.live ? toYaml({ spec: prep.value.live.spec }) : '';
  return ok({ diff: diffLines(before, toYaml({ spec: dry.value.spec })), stored: dry.value });
}

/** Server-side apply; refuses if the object moved since `loaded` unless the user takes over. */
export async function applyPolicyAction(
  context: string | undefined,
  input: unknown,
  loaded: Loaded,
  force: boolean,
): Promise<Result<PolicyDto>> {
  const prep = await prepare(context, input, loaded);
  if (!prep.ok) return prep;
  return applyPolicy(context, prep.value.policy, { resourceVersion: loaded.resourceVersion, dryRun: false, force });
}

export async function deletePolicyAction(
  context: string | undefined,
  namespace: string,
  name: string,
  resourceVersion: string,
): Promise<Result<null>> {
  const c = checkContext(context);
  if (!c.ok) return c;
  return deletePolicy(context, namespace, name, resourceVersion);
}

/** The current version, to show what changed after a conflict. */
export async function latestPolicy(context: string | undefined, namespace: string, name: string): Promise<Result<PolicyDto>> {
  const c = checkContext(context);
  if (!c.ok) return c;
  return getPolicy(context, namespace, name);
}

export interface VerifyCheck {
  gateway: string;
  service: string;
  port: number;
  replicas: number;
  inEffect: number;
  problems: string[];
}

/**
 * Checks every replica of every Gateway for each Service port the policy targets: is what the
 * policy asks for what Envoy shows? One round; the form repeats it until all agree or time runs out.
 */
export async function verifyPolicy(
  context: string | undefined,
  namespace: string,
  name: string,
): Promise<Result<{ checks: VerifyCheck[]; allInEffect: boolean }>> {
  const c = checkContext(context);
  if (!c.ok) return c;
  const policy = await getPolicy(context, namespace, name);
  if (!policy.ok) return policy;
  const services = await listServices(context, namespace);
  if (!services.ok) return services;
  const gateways = await listGateways(context);
  if (!gateways.ok) return gateways;
  const targets = services.value
    .filter((s) => howPolicyTargets(policy.value, s))
    .flatMap((service) => service.ports.map(({ port }) => ({ service, port })));
  const checks: VerifyCheck[] = [];
  for (const gw of gateways.value) {
    const views = await inspectGateway(context, gw, targets);
    if (!views.ok) return views;
    for (const view of views.value) {
      const replicas = view.replicas;
      checks.push({
        gateway: `${gw.namespace}/${gw.name}`,
        service: `${namespace}/${view.service.name}`,
        port: view.service.port,
        replicas: replicas.length,
        inEffect: replicas.filter(replicaInEffect).length,
        problems: replicas.flatMap(replicaProblems),
      });
    }
  }
  return ok({ checks, allInEffect: checks.length > 0 && checks.every((x) => x.replicas > 0 && x.inEffect === x.replicas) });
}
