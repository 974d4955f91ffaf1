import { getClusterInfo } from '@/lib/k8s/cluster';
import { getSession } from '@/lib/k8s/session';
import { jsonError, jsonResult } from '@/lib/http/respond';
import { crdFor, formModel } from '@/lib/policy/crd-versions';
import { ok } from '@/lib/wire/errors';
import type { PolicySchemaDto } from '@/lib/wire/dto';

// GET only: the field model of the BackendConfigPolicy CRD of the kgateway version this cluster
// runs, for the form's fields and validation. The CRD text ships with the dashboard; only the
// version is read from the cluster. The server builds the model (once per CRD version), with where
// each field lands in Envoy, so the browser loads neither the model builder nor those tables.
export async function GET() {
  const session = await getSession();
  if (!session.ok) return jsonError(session.error);
  const info = await getClusterInfo(session.value);
  if (!info.ok) return jsonError(info.error);
  const version = info.value.kgateway.version;
  const choice = crdFor(version);
  return jsonResult(ok<PolicySchemaDto>({ ...choice, ...(version && { kgatewayVersion: version }), model: formModel(choice.crd) }));
}
