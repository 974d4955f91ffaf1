import 'server-only';
import { CoreV1Api, setHeaderOptions } from '@kubernetes/client-node';
import { ok, err, type Result } from '@/lib/wire/errors';
import { callOptions } from './client';
import type { Session } from './session';
import { toAppError } from './errors';

// The names of a namespace's TLS Secrets, for the policy form's `tls.secretRef` picker. Only
// metadata is asked for (PartialObjectMetadataList): no Secret's contents reach the dashboard,
// let alone the browser. The field selector keeps the API server to type kubernetes.io/tls.

const METADATA_ONLY = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1';
const MAX_NAMES = 500;

export async function listTlsSecretNames(session: Session, namespace: string): Promise<Result<string[]>> {
  try {
    const list = await session.kc
      .makeApiClient(CoreV1Api)
      .listNamespacedSecret(
        { namespace, fieldSelector: 'type=kubernetes.io/tls', limit: MAX_NAMES },
        setHeaderOptions('Accept', METADATA_ONLY, callOptions),
      );
    return ok(list.items.map((s) => s.metadata?.name ?? '').filter(Boolean));
  } catch (e) {
    return err(toAppError(e, { verb: 'list', resource: 'secrets', namespace, server: session.server }));
  }
}
