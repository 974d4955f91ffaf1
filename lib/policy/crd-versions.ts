import type { FieldNode } from './crd-model';
import { modelFromSpecSchema, shortHelp } from './crd-model';
import { envoyPathOf } from '@/lib/envoy/field-verdicts';
import main from './crd-schemas/main.json';
import v210 from './crd-schemas/v2.1.0.json';
import v21head from './crd-schemas/v2.1.x-head.json';
import v220 from './crd-schemas/v2.2.0.json';
import v22head from './crd-schemas/v2.2.x-head.json';
import v230 from './crd-schemas/v2.3.0.json';
import v24x from './crd-schemas/v2.4.x.json';

// Which BackendConfigPolicy CRD a detected kgateway version serves, and its spec schema (generated
// from fixtures/kgateway/crds by scripts/crd-schemas.mjs). Where a release line's CRD changed after
// its first release, later patches get the later text: it only relaxes a rule (Istio Hostname
// targets), so the dashboard never refuses what that API server accepts. See docs/decisions/010.

export const CRD_VERSIONS = ['v2.1.0', 'v2.1.x-head', 'v2.2.0', 'v2.2.x-head', 'v2.3.0', 'v2.4.x', 'main'] as const;
export type CrdVersion = (typeof CRD_VERSIONS)[number];

const SCHEMAS: Record<CrdVersion, unknown> = {
  'v2.1.0': v210,
  'v2.1.x-head': v21head,
  'v2.2.0': v220,
  'v2.2.x-head': v22head,
  'v2.3.0': v230,
  'v2.4.x': v24x,
  main,
};

export interface CrdChoice {
  crd: CrdVersion;
  /** Why this CRD, in the user's words. */
  why: string;
}

/** The CRD a kgateway version (`v2.4.2`, `2.3.0`, `v1.0.0-ci1`, undefined) installs. */
export function crdFor(version: string | undefined): CrdChoice {
  const of = (v: string, note?: string) => `the BackendConfigPolicy CRD of kgateway ${v}${note ? ` (${note})` : ''}`;
  const m = version ? /^v?(\d+)\.(\d+)\.(\d+)$/.exec(version.trim()) : null;
  if (!version) return { crd: 'main', why: of('main', "this cluster's kgateway version is not visible") };
  if (!m) return { crd: 'main', why: of('main', `${version} is not a release version`) };
  const [major, minor, patch] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const release = `v${major}.${minor}.${patch}`;
  if (major > 2 || (major === 2 && minor > 4))
    return { crd: 'main', why: of('main', `${release} is newer than the releases the dashboard knows`) };
  if (major < 2 || minor < 1) return { crd: 'v2.1.0', why: of('v2.1.0', `${release} is older than the oldest the dashboard knows`) };
  const crd: CrdVersion =
    minor === 1
      ? patch === 0
        ? 'v2.1.0'
        : 'v2.1.x-head'
      : minor === 2
        ? patch === 0
          ? 'v2.2.0'
          : 'v2.2.x-head'
        : minor === 3
          ? 'v2.3.0'
          : 'v2.4.x';
  return { crd, why: of(release) };
}

/** The spec schema of a CRD version, as the CRD holds it (small enough to hand to the browser). */
export function specSchema(crd: CrdVersion): unknown {
  return SCHEMAS[crd];
}

const models = new Map<CrdVersion, FieldNode>();
/** The field model of a CRD version, built once. */
export function specModel(crd: CrdVersion): FieldNode {
  let m = models.get(crd);
  if (!m) models.set(crd, (m = modelFromSpecSchema(SCHEMAS[crd])));
  return m;
}

function forForm(n: FieldNode): FieldNode {
  const envoyPath = n.path.includes('[') ? undefined : envoyPathOf(n.path);
  const help = shortHelp(n.description);
  const map = (r: Readonly<Record<string, FieldNode>>) => Object.fromEntries(Object.entries(r).map(([k, c]) => [k, forForm(c)]));
  return {
    ...n,
    ...(envoyPath && { envoyPath }),
    ...(help && { help }),
    ...(n.properties && { properties: map(n.properties) }),
    ...(n.items && { items: forForm(n.items) }),
    ...(n.additionalProperties && { additionalProperties: forForm(n.additionalProperties) }),
  };
}

const formModels = new Map<CrdVersion, FieldNode>();
/**
 * The model the policy form gets (GET /api/policy-schema): each field with where it lands in
 * Envoy and its short help. The server builds it once per CRD version, so the browser loads
 * neither the model builder nor the verdicts' tables.
 */
export function formModel(crd: CrdVersion): FieldNode {
  let m = formModels.get(crd);
  if (!m) formModels.set(crd, (m = forForm(specModel(crd))));
  return m;
}
