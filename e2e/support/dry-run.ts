import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { parse } from 'yaml';
import { adminKubeconfig } from './stack';

// A server-side dry run of a BackendConfigPolicy straight to the stack's API server (kubectl per
// value would take minutes), with strict field validation, and its causes as "field: message".

const kubeconfig = parse(readFileSync(adminKubeconfig, 'utf8')) as {
  clusters: { cluster: { server: string; 'certificate-authority-data': string } }[];
  users: { name: string; user: { token?: string } }[];
  contexts: { name: string; context: { user: string } }[];
  'current-context': string;
};
const server = new URL(kubeconfig.clusters[0]!.cluster.server);
const ca = Buffer.from(kubeconfig.clusters[0]!.cluster['certificate-authority-data'], 'base64');
const userName = kubeconfig.contexts.find((c) => c.name === kubeconfig['current-context'])!.context.user;
const token = kubeconfig.users.find((u) => u.name === userName)!.user.token!;

export interface Status {
  code?: number;
  message?: string;
  details?: { causes?: { reason: string; message: string; field: string }[] };
}

/** POSTs the policy with dryRun=All to `group` (the CRD's group) in `namespace`. */
export function dryRun(group: string, namespace: string, spec: unknown): Promise<{ status: number; body: Status }> {
  const body = JSON.stringify({
    apiVersion: `${group}/v1alpha1`,
    kind: 'BackendConfigPolicy',
    metadata: { name: 'probe', namespace },
    spec,
  });
  return new Promise((done, fail) => {
    const req = request(
      {
        host: server.hostname,
        port: server.port,
        method: 'POST',
        path: `/apis/${group}/v1alpha1/namespaces/${namespace}/backendconfigpolicies?dryRun=All&fieldValidation=Strict`,
        ca,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c));
        res.on('end', () => done({ status: res.statusCode ?? 0, body: JSON.parse(text) as Status }));
      },
    );
    req.on('error', fail);
    req.end(body);
  });
}

/** The API server's causes, `field: message`, sorted; none when it accepted. */
export const serverCauses = (r: { status: number; body: Status }) =>
  r.status < 300
    ? []
    : (r.body.details?.causes ?? [{ field: '', message: r.body.message ?? '' }]).map((c) => `${c.field}: ${c.message}`).sort();
