import 'server-only';
import { AppsV1Api, ApiextensionsV1Api, VersionApi, type V1Deployment } from '@kubernetes/client-node';
import { ok, err, type Result } from '@/lib/wire/errors';
import { setBounded } from '@/lib/bounds/bounded-map';
import { callOptions } from './client';
import type { Session } from './session';
import { toAppError } from './errors';
import { detectKgateway, type DeploymentSummary } from './kgateway-version';
import type { ClusterInfoDto } from '@/lib/wire/dto';

export type ClusterInfo = ClusterInfoDto;

const BCP_CRD = 'backendconfigpolicies.gateway.kgateway.dev';

function summarise(d: V1Deployment): DeploymentSummary {
  return {
    namespace: d.metadata?.namespace ?? '',
    name: d.metadata?.name ?? '',
    labels: d.metadata?.labels ?? {},
    images: d.spec?.template.spec?.containers.map((c) => c.image ?? '') ?? [],
  };
}

async function crdInstalled(session: Session): Promise<boolean> {
  try {
    await session.kc.makeApiClient(ApiextensionsV1Api).readCustomResourceDefinition({ name: BCP_CRD }, callOptions);
    return true;
  } catch {
    return false; // not found, or not allowed to read CRDs: both mean "cannot tell from here"
  }
}

async function kgatewayDeployments(session: Session): Promise<DeploymentSummary[]> {
  const apps = session.kc.makeApiClient(AppsV1Api);
  const [controllers, proxies] = await Promise.all([
    apps.listDeploymentForAllNamespaces({ labelSelector: 'app.kubernetes.io/name=kgateway' }, callOptions),
    apps.listDeploymentForAllNamespaces({ labelSelector: 'gateway.networking.k8s.io/gateway-class-name' }, callOptions),
  ]);
  return [...controllers.items, ...proxies.items].map(summarise);
}

/** Which cluster the dashboard talks to, or why it cannot. */
export async function getClusterInfo(session: Session): Promise<Result<ClusterInfo>> {
  const target = { context: session.context, server: session.server, user: session.user };
  let kubernetesVersion: string;
  try {
    kubernetesVersion = (await session.kc.makeApiClient(VersionApi).getCode(undefined, callOptions)).gitVersion;
  } catch (e) {
    return err(toAppError(e, { verb: 'get', resource: 'version', server: target.server }));
  }
  let listError: string | undefined;
  const [deployments, hasCrd] = await Promise.all([
    kgatewayDeployments(session).catch((e: unknown) => {
      listError = toAppError(e, { verb: 'list', resource: 'deployments', group: 'apps', server: target.server }).message;
      return [] as DeploymentSummary[];
    }),
    crdInstalled(session),
  ]);
  const kgateway = detectKgateway(deployments, hasCrd);
  if (listError && !kgateway.version) kgateway.detail += `; version unknown: ${listError}`;
  return ok({ ...target, kubernetesVersion, kgateway, checkedAt: Date.now() });
}

/**
 * The detected kgateway version, which decides the merge rule: asked at most every 10 s per
 * person, one ask at a time (getClusterInfo costs four API requests). Undefined when unknown.
 */
const versions = ((
  globalThis as { __dashboardKgatewayVersions?: Map<string, { at: number; version: Promise<string | undefined> }> }
).__dashboardKgatewayVersions ??= new Map());
const VERSION_MS = 10_000;
const MAX_VERSIONS = 1000;

export function kgatewayVersion(session: Session): Promise<string | undefined> {
  const held = versions.get(session.principal);
  if (held && Date.now() - held.at < VERSION_MS) return held.version;
  const version: Promise<string | undefined> = getClusterInfo(session).then((info) => {
    // A failed ask is not kept: the next one asks again rather than use the default rule for 10 s.
    if (!info.ok && versions.get(session.principal)?.version === version) versions.delete(session.principal);
    return info.ok ? info.value.kgateway.version : undefined;
  });
  setBounded(versions, session.principal, { at: Date.now(), version }, MAX_VERSIONS);
  return version;
}
