import 'server-only';
import { CoreV1Api, Observable, ResponseContext, setHeaderOptions, type ObservableMiddleware } from '@kubernetes/client-node';
import { ok, err, type Result } from '@/lib/wire/errors';
import { callOptions } from './client';
import type { Session } from './session';
import { toAppError } from './errors';

// The names of a namespace's TLS Secrets, for the policy form's `tls.secretRef` picker. Only
// metadata is asked for (PartialObjectMetadataList): no Secret's contents reach the dashboard,
// let alone the browser. The field selector keeps the API server to type kubernetes.io/tls.

const METADATA_ONLY = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1';
const MAX_NAMES = 500;

// An empty PartialObjectMetadataList comes with `"items": null`, which client-node's V1SecretList
// reader cannot take (it maps over items): read it as the empty list it is.
const nullItemsAsEmpty: ObservableMiddleware = {
  pre: (context) => new Observable(Promise.resolve(context)),
  post: (response) =>
    new Observable(
      response.body.text().then((text) => {
        let body = text;
        try {
          const list = JSON.parse(text) as { items?: unknown };
          if (list.items === null) body = JSON.stringify({ ...list, items: [] });
        } catch {
          // not JSON (an error page): left for client-node to report
        }
        return new ResponseContext(response.httpStatusCode, response.headers, {
          text: () => Promise.resolve(body),
          binary: () => Promise.resolve(Buffer.from(body)),
          stream: () => null,
        });
      }),
    ),
};

export async function listTlsSecretNames(session: Session, namespace: string): Promise<Result<string[]>> {
  try {
    const list = await session.kc
      .makeApiClient(CoreV1Api)
      .listNamespacedSecret(
        { namespace, fieldSelector: 'type=kubernetes.io/tls', limit: MAX_NAMES },
        setHeaderOptions('Accept', METADATA_ONLY, { ...callOptions, middleware: [...callOptions.middleware, nullItemsAsEmpty] }),
      );
    return ok(list.items.map((s) => s.metadata?.name ?? '').filter(Boolean));
  } catch (e) {
    return err(toAppError(e, { verb: 'list', resource: 'secrets', namespace, server: session.server }));
  }
}
