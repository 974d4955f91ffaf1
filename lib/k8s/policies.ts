import 'server-only';
import { CustomObjectsApi, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import type { PolicyDto } from '@/lib/wire/dto';
import { err, ok, type AppError, type Result } from '@/lib/wire/errors';
import { FIELD_MANAGER, GROUP, RESOURCE, applyConfiguration } from '@/lib/policy/model';
import type { KeepalivePolicy } from '@/lib/policy/schema';
import { fieldManagerFor, lastWriter, namePeopleIn } from '@/lib/auth/person';
import { callOptions } from './client';
import type { Session } from './session';
import { toAppError, type Attempt } from './errors';
import { cachedList, noteWritten } from './list-cache';
import { toPolicyDto, type RawPolicy } from './to-dto';

const VERSION = 'v1alpha1';

function api(session: Session) {
  return session.kc.makeApiClient(CustomObjectsApi);
}

function attempt(verb: string, namespace: string | undefined, session: Session): Attempt {
  return { verb, resource: RESOURCE, group: GROUP, namespace, server: session.server };
}

export function crdMissing(e: AppError): AppError {
  return e.kind === 'not_found' && /the server could not find the requested resource|^404 page not found$/i.test(e.message)
    ? {
        kind: 'not_found',
        message:
          "The BackendConfigPolicy CRD (backendconfigpolicies.gateway.kgateway.dev) is not installed in this cluster. Install kgateway's CRDs first.",
      }
    : e;
}

/** All policies the user may list, in one namespace or in all: from their cache when it is live. */
export async function listPolicies(session: Session, namespace?: string): Promise<Result<PolicyDto[]>> {
  const cached = await cachedList(session, 'backendconfigpolicies', namespace);
  if (cached) return ok(cached as PolicyDto[]); // the cache's snapshot: read, never changed
  try {
    const res = namespace
      ? await api(session).listNamespacedCustomObject({ group: GROUP, version: VERSION, namespace, plural: RESOURCE }, callOptions)
      : await api(session).listClusterCustomObject({ group: GROUP, version: VERSION, plural: RESOURCE }, callOptions);
    return ok((res as { items: RawPolicy[] }).items.map(toPolicyDto));
  } catch (e) {
    return err(crdMissing(toAppError(e, attempt('list', namespace, session))));
  }
}

export async function getPolicy(session: Session, namespace: string, name: string): Promise<Result<PolicyDto>> {
  try {
    const o = await api(session).getNamespacedCustomObject(
      { group: GROUP, version: VERSION, namespace, plural: RESOURCE, name },
      callOptions,
    );
    return ok(toPolicyDto(o as RawPolicy));
  } catch (e) {
    return err(crdMissing(toAppError(e, attempt('get', namespace, session))));
  }
}

export interface ApplyOptions {
  /** The resourceVersion the form was loaded at; the API server refuses the write if it moved. */
  resourceVersion?: string;
  dryRun: boolean;
  /** Take over fields another manager owns. Never the default. */
  force: boolean;
}

/**
 * A write refused because the policy moved (409): who moved it and when, from its managedFields.
 * With one field manager per person (docs/decisions/008), that is the colleague's name.
 */
async function conflictWith(session: Session, namespace: string, name: string, e: AppError): Promise<AppError> {
  let who: ReturnType<typeof lastWriter>;
  try {
    const o = (await api(session).getNamespacedCustomObject(
      { group: GROUP, version: VERSION, namespace, plural: RESOURCE, name },
      callOptions,
    )) as RawPolicy;
    who = lastWriter(
      (o.metadata.managedFields ?? []).filter((m) => m.subresource !== 'status'),
      FIELD_MANAGER,
    );
  } catch {
    return { ...e, message: namePeopleIn(e.message, FIELD_MANAGER) }; // gone, or not readable: the API server's words
  }
  if (!who) return e;
  const self = session.person && who.person && who.who === session.person.display;
  const by = self
    ? 'You changed it yourself, in another tab or window,'
    : who.person
      ? `${who.who} changed it`
      : `It was changed by ${who.who}`;
  const at = who.at
    ? ` at ${who.at
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, ' UTC')}`
    : '';
  return {
    kind: 'conflict',
    message: `${by}${at}, after you opened it. Nothing of yours was applied: reload to see the current version, then apply again. (${namePeopleIn(e.message, FIELD_MANAGER)})`,
    changedBy: who.who,
  };
}

/** Server-side apply of the form's fields under the person's own field manager. */
export async function applyPolicy(session: Session, policy: KeepalivePolicy, opts: ApplyOptions): Promise<Result<PolicyDto>> {
  const { name, namespace } = policy.metadata;
  try {
    const o = await api(session).patchNamespacedCustomObject(
      {
        group: GROUP,
        version: VERSION,
        namespace,
        plural: RESOURCE,
        name,
        body: applyConfiguration(policy, opts.resourceVersion),
        fieldManager: fieldManagerFor(FIELD_MANAGER, session.person),
        fieldValidation: 'Strict', // a field this kgateway does not have is refused, not dropped
        force: opts.force,
        ...(opts.dryRun && { dryRun: 'All' }),
      },
      setHeaderOptions('Content-Type', PatchStrategy.ServerSideApply, callOptions),
    );
    const applied = toPolicyDto(o as RawPolicy);
    if (!opts.dryRun) noteWritten(session, 'backendconfigpolicies', namespace, name, applied);
    return ok(applied);
  } catch (e) {
    const error = crdMissing(toAppError(e, attempt('patch', namespace, session)));
    return err(error.kind === 'conflict' ? await conflictWith(session, namespace, name, error) : error);
  }
}

/** Deletes a policy, but only the version the user saw. */
export async function deletePolicy(session: Session, namespace: string, name: string, resourceVersion: string): Promise<Result<null>> {
  try {
    await api(session).deleteNamespacedCustomObject(
      {
        group: GROUP,
        version: VERSION,
        namespace,
        plural: RESOURCE,
        name,
        body: { preconditions: { resourceVersion } },
      },
      callOptions,
    );
    noteWritten(session, 'backendconfigpolicies', namespace, name, undefined);
    return ok(null);
  } catch (e) {
    const error = crdMissing(toAppError(e, attempt('delete', namespace, session)));
    return err(error.kind === 'conflict' ? await conflictWith(session, namespace, name, error) : error);
  }
}
