import 'server-only';
import { AppsV1Api, ApiextensionsV1Api, VersionApi, type V1Deployment } from '@kubernetes/client-node';
import { ok, err, type Result } from '@/lib/errors';
import { callOptions, currentTarget, kubeConfig } from './client';
import { toAppError } from './errors';
import { detectKgateway, type DeploymentSummary } from './kgateway-version';
import type { ClusterInfoDto } from '@/lib/dto';

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

async function crdInstalled(context?: string): Promise<boolean> {
  try {
    await kubeConfig(context).makeApiClient(ApiextensionsV1Api).readCustomResourceDefinition({ name: BCP_CRD }, callOptions);
    return true;
  } catch {
    return false; // not found, or not allowed to read CRDs: both mean "cannot tell from here"
  }
}

async function kgatewayDeployments(context?: string): Promise<DeploymentSummary[]> {
  const apps = kubeConfig(context).makeApiClient(AppsV1Api);
  const [controllers, proxies] = await Promise.all([
    apps.listDeploymentForAllNamespaces({ labelSelector: 'app.kubernetes.io/name=kgateway' }, callOptions),
    apps.listDeploymentForAllNamespaces({ labelSelector: 'gateway.networking.k8s.io/gateway-class-name' }, callOptions),
  ]);
  return [...controllers.items, ...proxies.items].map(summarise);
}

/** Which cluster the dashboard talks to, or why it cannot. */
export async function getClusterInfo(context?: string): Promise<Result<ClusterInfo>> {
  let target: ReturnType<typeof currentTarget>;
  try {
    target = currentTarget(context);
  } catch (e) {
    return err({ kind: 'unavailable', message: `No usable kubeconfig: ${(e as Error).message}. Set KUBECONFIG or run npm run stack:up.` });
  }
  let kubernetesVersion: string;
  try {
    kubernetesVersion = (await kubeConfig(context).makeApiClient(VersionApi).getCode(undefined, callOptions)).gitVersion;
  } catch (e) {
    return err(toAppError(e, { verb: 'get', resource: 'version', server: target.server }));
  }
  let listError: string | undefined;
  const [deployments, hasCrd] = await Promise.all([
    kgatewayDeployments(context).catch((e: unknown) => {
      listError = toAppError(e, { verb: 'list', resource: 'deployments', group: 'apps', server: target.server }).message;
      return [] as DeploymentSummary[];
    }),
    crdInstalled(context),
  ]);
  const kgateway = detectKgateway(deployments, hasCrd);
  if (listError && !kgateway.version) kgateway.detail += `; version unknown: ${listError}`;
  return ok({ ...target, kubernetesVersion, kgateway });
}
