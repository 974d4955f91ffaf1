import 'server-only';
import { CustomObjectsApi } from '@kubernetes/client-node';
import { callOptions } from './client';
import type { Session } from './session';

/**
 * The Services of a namespace that a Gateway API BackendTLSPolicy targets. From kgateway v2.4 such
 * a policy replaces a BackendConfigPolicy's `tls` on that backend, so the dashboard does not expect
 * the BCP's TLS there. `unknown` when the kind is not installed here or the person may not list it:
 * then the BCP's TLS is not judged at all, rather than judged wrongly.
 */
export async function servicesWithBackendTls(session: Session, namespace: string): Promise<Set<string> | 'unknown'> {
  const api = session.kc.makeApiClient(CustomObjectsApi);
  try {
    const res = await api.listNamespacedCustomObject(
      { group: 'gateway.networking.k8s.io', version: 'v1', plural: 'backendtlspolicies', namespace },
      callOptions,
    );
    const items = (res as { items: { spec?: { targetRefs?: { group?: string; kind?: string; name?: string }[] } }[] }).items;
    return new Set(
      items.flatMap((p) => (p.spec?.targetRefs ?? []).filter((t) => (t.group ?? '') === '' && t.kind === 'Service').map((t) => t.name!)),
    );
  } catch {
    return 'unknown';
  }
}
