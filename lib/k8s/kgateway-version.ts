import 'server-only';
import type { KgatewayDetectionDto as KgatewayDetection } from '@/lib/wire/dto';

export type { KgatewayDetection };

// Works out which kgateway runs in a cluster from what a read-only user can see.
// Pure: the caller lists the Deployments; this decides.

export interface DeploymentSummary {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  images: string[];
}

const VERSION = 'app.kubernetes.io/version';

function imageTag(image: string): string | undefined {
  const at = image.split('@')[0]!;
  const slash = at.lastIndexOf('/');
  const colon = at.lastIndexOf(':');
  return colon > slash ? at.slice(colon + 1) : undefined;
}

function normalise(v: string): string {
  return /^\d/.test(v) ? `v${v}` : v;
}

function isProxy(d: DeploymentSummary): boolean {
  return (
    d.labels['app.kubernetes.io/component'] === 'proxy' ||
    d.labels['app.kubernetes.io/managed-by'] === 'kgateway' ||
    d.labels.kgateway === 'kube-gateway'
  );
}

export function detectKgateway(deployments: DeploymentSummary[], crdInstalled: boolean): KgatewayDetection {
  const controller = deployments.find((d) => d.labels['app.kubernetes.io/name'] === 'kgateway' && !isProxy(d));
  if (controller) {
    const v = controller.labels[VERSION] ?? controller.images.map(imageTag).find(Boolean);
    if (v)
      return { version: normalise(v), source: 'controller', detail: `controller Deployment ${controller.namespace}/${controller.name}` };
  }
  const proxies = deployments.filter((d) => isProxy(d) && d.labels[VERSION] && d.labels[VERSION] !== 'undefined');
  if (proxies.length > 0) {
    const versions = [...new Set(proxies.map((p) => normalise(p.labels[VERSION]!)))].sort();
    const where = `${proxies.length} gateway proxy Deployment${proxies.length > 1 ? 's' : ''}`;
    return versions.length === 1
      ? { version: versions[0], source: 'proxy', detail: `label ${VERSION} on ${where}` }
      : { version: versions.join(', '), source: 'proxy', detail: `mixed versions across ${where}: an upgrade in progress?` };
  }
  if (crdInstalled) {
    return { source: 'crd', detail: 'BackendConfigPolicy CRD installed; no kgateway Deployment visible to this user' };
  }
  return { source: 'none', detail: 'no BackendConfigPolicy CRD (backendconfigpolicies.gateway.kgateway.dev) in this cluster' };
}
