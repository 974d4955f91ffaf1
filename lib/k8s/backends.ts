import 'server-only';
import { CustomObjectsApi } from '@kubernetes/client-node';
import { callOptions } from './client';
import type { Session } from './session';

/**
 * kgateway Backends (gateway.kgateway.dev/v1alpha1), which policies may also target. Empty when
 * the kind is not installed or the user may not list it: the form then offers Services only.
 */
export async function listBackendNames(session: Session, namespace?: string): Promise<{ namespace: string; name: string }[]> {
  const api = session.kc.makeApiClient(CustomObjectsApi);
  const base = { group: 'gateway.kgateway.dev', version: 'v1alpha1', plural: 'backends' };
  try {
    const res = namespace
      ? await api.listNamespacedCustomObject({ ...base, namespace }, callOptions)
      : await api.listClusterCustomObject(base, callOptions);
    return (res as { items: { metadata: { namespace: string; name: string } }[] }).items.map((b) => ({
      namespace: b.metadata.namespace,
      name: b.metadata.name,
    }));
  } catch {
    return [];
  }
}
