import { parse as parseYaml } from 'yaml';
import { CrdModelError, node, type CrdModel, type RawSchema } from './crd-model';

// Reading a CRD from its YAML text, apart from the model so that the browser's form, which gets the
// schema as JSON, does not load the YAML library with the page.

/** The model of a CRD's first version, from the CRD's YAML text. */
export function modelFromCrd(text: string): CrdModel {
  const crd = parseYaml(text) as {
    spec?: {
      group?: string;
      names?: { kind?: string };
      versions?: { name: string; schema?: { openAPIV3Schema?: RawSchema } }[];
    };
  };
  const version = crd.spec?.versions?.[0];
  const spec = version?.schema?.openAPIV3Schema?.properties?.spec;
  if (!crd.spec?.group || !crd.spec.names?.kind || !version || !spec) throw new CrdModelError('not a CRD with a spec schema');
  return { group: crd.spec.group, kind: crd.spec.names.kind, version: version.name, spec: node(spec, 'spec') };
}
