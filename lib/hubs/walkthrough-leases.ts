import 'server-only';
import { createHash } from 'node:crypto';
import { CoordinationV1Api, V1MicroTime, Watch, type KubeConfig, type V1Lease } from '@kubernetes/client-node';
import { env } from '@/lib/config/env';
import { guideQuery, parseGuideState, type GuideState } from '@/lib/guide/walkthrough';
import { callOptions, defaultContext, kubeConfig } from '@/lib/k8s/client';

// Live walkthroughs for several replicas: one Lease per walkthrough in the dashboard's namespace
// (DASHBOARD_WALKTHROUGH_NAMESPACE), written with the dashboard's own identity (its
// ServiceAccount in the cluster), watched by every replica. The presenter's key never leaves the
// server that received it: the Lease holds its SHA-256 as holderIdentity, and the position as an
// annotation. A follower on any replica hears the presenter on any other. Bounded like the memory
// store: at most DASHBOARD_MAX_WALKTHROUGHS Leases (those idle for an hour are deleted to make
// room), at most MAX_FOLLOWERS local followers per walkthrough.

type Listener = (s: GuideState) => void;

export const LABEL = 'dashboard.kgateway.dev/walkthrough';
const STATE = 'dashboard.kgateway.dev/state';
const IDLE_S = 3600;
const MAX_FOLLOWERS = 100;
const RETRIES = 4;

interface Local {
  listeners: Map<string, Set<Listener>>;
  /** The newest Lease version delivered here, per walkthrough: a slow read never undoes a later move. */
  seen: Map<string, bigint>;
  watching?: Promise<void>;
  stop?: () => void;
}
const g = globalThis as { __walkthroughLeases?: Local };
const local: Local = (g.__walkthroughLeases ??= { listeners: new Map<string, Set<Listener>>(), seen: new Map<string, bigint>() });

function ns(): string {
  return env().DASHBOARD_WALKTHROUGH_NAMESPACE!;
}

/** The dashboard's own credentials, never a person's: people need no rights on Leases. */
function ownKc(): KubeConfig {
  return kubeConfig(defaultContext());
}

const leaseName = (id: string) => `walkthrough-${id}`;
const holderOf = (key: string) => createHash('sha256').update(key).digest('hex').slice(0, 48);
const status = (e: unknown) => (e as { code?: number }).code;

function stateOf(lease: V1Lease): GuideState | undefined {
  const q = lease.metadata?.annotations?.[STATE];
  return q === undefined ? undefined : parseGuideState(new URLSearchParams(q));
}

/** Deletes walkthroughs nobody moved for an hour; says how many are left. */
async function sweep(api: CoordinationV1Api): Promise<number> {
  const list = await api.listNamespacedLease({ namespace: ns(), labelSelector: LABEL }, callOptions);
  let left = list.items.length;
  for (const l of list.items) {
    const renewed = l.spec?.renewTime ? new Date(l.spec.renewTime).getTime() : 0;
    if (Date.now() - renewed > IDLE_S * 1000) {
      await api.deleteNamespacedLease({ name: l.metadata!.name!, namespace: ns() }, callOptions).catch(() => undefined);
      left--;
    }
  }
  return left;
}

export async function publishToLease(id: string, key: string, state: GuideState): Promise<number | 'not the presenter' | 'too many'> {
  const api = ownKc().makeApiClient(CoordinationV1Api);
  const name = leaseName(id);
  const holder = holderOf(key);
  const query = guideQuery(state);
  for (let attempt = 0; attempt < RETRIES; attempt++) {
    let lease: V1Lease | undefined;
    try {
      lease = await api.readNamespacedLease({ name, namespace: ns() }, callOptions);
    } catch (e) {
      if (status(e) !== 404) throw e;
    }
    const now = new V1MicroTime(); // a Lease's times have microseconds; a plain Date's milliseconds are refused
    try {
      if (!lease) {
        if ((await sweep(api)) >= env().DASHBOARD_MAX_WALKTHROUGHS) return 'too many';
        lease = await api.createNamespacedLease(
          {
            namespace: ns(),
            body: {
              metadata: {
                name,
                labels: { [LABEL]: 'true', 'app.kubernetes.io/managed-by': 'kgateway-dashboard' },
                annotations: { [STATE]: query },
              },
              spec: { holderIdentity: holder, leaseDurationSeconds: IDLE_S, acquireTime: now, renewTime: now },
            },
          },
          callOptions,
        );
      } else {
        if (lease.spec?.holderIdentity !== holder) return 'not the presenter';
        lease.metadata!.annotations = { ...lease.metadata!.annotations, [STATE]: query };
        lease.spec = { ...lease.spec, renewTime: now };
        lease = await api.replaceNamespacedLease({ name, namespace: ns(), body: lease }, callOptions); // carries its resourceVersion
      }
      deliverLease(id, lease); // this replica's followers at once; the others through their watch
      return local.listeners.get(id)?.size ?? 0;
    } catch (e) {
      if (status(e) !== 409) throw e; // 409: another write came first; read again
    }
  }
  throw new Error('The walkthrough kept changing under this write; try again.');
}

/**
 * Whether a Lease version may move followers, given the newest one delivered (`seen`). The first
 * read, the watch and this replica's own writes race, and the order they answer in is not the
 * order they happened in. A newcomer's first read (`first`) may repeat what the others have, but
 * never go back. Versions are compared as etcd's increasing integers; one that is not an integer
 * is delivered as it comes. Returns the new `seen`.
 */
export function admitVersion(
  seen: bigint | undefined,
  resourceVersion: string | undefined,
  first: boolean,
): { deliver: boolean; seen: bigint | undefined } {
  if (!/^\d{1,30}$/.test(resourceVersion ?? '')) return { deliver: true, seen };
  const version = BigInt(resourceVersion!);
  if (seen !== undefined && (first ? version < seen : version <= seen)) return { deliver: false, seen };
  // A first read moves no one else, so it does not count: the watch still brings that version to all.
  return { deliver: true, seen: first ? seen : version };
}

function deliverLease(id: string, lease: V1Lease, only?: Listener) {
  const state = stateOf(lease);
  if (!state) return;
  const { deliver: go, seen } = admitVersion(local.seen.get(id), lease.metadata?.resourceVersion, only !== undefined);
  if (!go) return;
  if (seen !== undefined && local.listeners.has(id)) local.seen.set(id, seen);
  if (only) only(state);
  else deliver(id, state);
}

function deliver(id: string, state: GuideState) {
  for (const l of local.listeners.get(id) ?? []) l(state);
}

export const TOO_MANY_FOLLOWERS = `This walkthrough already has ${MAX_FOLLOWERS} followers on this replica, its most: ask the presenter to share a snapshot instead.`;

/** Follows a walkthrough wherever it is presented; the current position arrives when known. */
export function followLease(id: string, listener: Listener): (() => void) | string {
  let set = local.listeners.get(id);
  if (!set) local.listeners.set(id, (set = new Set<Listener>()));
  if (set.size >= MAX_FOLLOWERS) return TOO_MANY_FOLLOWERS;
  set.add(listener);
  ensureWatch();
  ownKc()
    .makeApiClient(CoordinationV1Api)
    .readNamespacedLease({ name: leaseName(id), namespace: ns() }, callOptions)
    .then((l) => {
      if (set.has(listener)) deliverLease(id, l, listener);
    })
    .catch(() => undefined); // not presented yet: the watch brings it
  return () => {
    set.delete(listener);
    if (set.size === 0) {
      local.listeners.delete(id);
      local.seen.delete(id);
    }
    if (local.listeners.size === 0) stopWatch();
  };
}

/** One watch of the walkthrough Leases per process, while anyone here follows. */
function ensureWatch() {
  if (local.watching) return;
  const run = async (): Promise<void> => {
    while (local.listeners.size > 0) {
      await new Promise<void>((done) => {
        new Watch(ownKc())
          .watch(
            `/apis/coordination.k8s.io/v1/namespaces/${ns()}/leases`,
            { labelSelector: LABEL },
            (type: string, lease: V1Lease) => {
              const name = lease.metadata?.name ?? '';
              if ((type !== 'ADDED' && type !== 'MODIFIED') || !name.startsWith('walkthrough-')) return;
              deliverLease(name.slice('walkthrough-'.length), lease);
            },
            () => done(),
          )
          .then((a) => (local.stop = () => a.abort()))
          .catch(() => done());
      });
      local.stop = undefined;
      if (local.listeners.size > 0) await new Promise((r) => setTimeout(r, 1_000));
    }
  };
  local.watching = run().finally(() => (local.watching = undefined));
}

/** The last follower here left: the watch ends (the loop sees no listeners). */
function stopWatch() {
  local.stop?.();
}
