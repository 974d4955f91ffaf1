// The BackendConfigPolicy field model, read from a CRD's own text: every field of `spec` with its
// type and limits (OpenAPI v3), its CEL rules (x-kubernetes-validations), its description (the
// help text) and its default. Pure: the CRD text comes in, the model goes out. The validator
// (crd-validate.ts) and, later, the form and the verdicts all read this one model.

export interface CelRule {
  rule: string;
  message?: string;
  messageExpression?: string;
  reason?: 'FieldValueInvalid' | 'FieldValueForbidden' | 'FieldValueRequired' | 'FieldValueDuplicate';
  fieldPath?: string;
}

export type FieldType = 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean' | 'int-or-string';

/** What an OpenAPI schema node says of its value, as the CRD has it and as the model keeps it. */
interface SchemaFacts {
  description?: string;
  format?: string;
  enum?: readonly (string | number)[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  minProperties?: number;
  maxProperties?: number;
  default?: unknown;
}

export interface FieldNode extends SchemaFacts {
  /** `spec.tcpKeepalive.keepAliveTime`; list items add `[*]`. */
  path: string;
  type: FieldType;
  required: readonly string[];
  properties?: Readonly<Record<string, FieldNode>>;
  items?: FieldNode;
  additionalProperties?: FieldNode;
  listType?: 'atomic' | 'set' | 'map';
  listMapKeys?: readonly string[];
  rules: readonly CelRule[];
  /** The enum (or part of it) stands under `allOf`, which the API server reports once more on its own. */
  enumInAllOf?: boolean;
  /**
   * Where the field lands in the Envoy cluster (snake_case), for the form's help; set by the server
   * on the model it sends the form (crd-versions.ts `formModel`), from the verdicts' own tables.
   */
  envoyPath?: string;
  /** The description's first sentence, for help under the field; set with `envoyPath`. */
  help?: string;
}

export interface RawSchema extends SchemaFacts {
  type?: string;
  required?: string[];
  properties?: Record<string, RawSchema>;
  items?: RawSchema;
  additionalProperties?: RawSchema | boolean;
  allOf?: RawSchema[];
  anyOf?: RawSchema[];
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-validations'?: CelRule[];
}

export class CrdModelError extends Error {}

export function node(raw: RawSchema, path: string): FieldNode {
  const intOrString = raw['x-kubernetes-int-or-string'] === true;
  const type = (intOrString ? 'int-or-string' : raw.type) as FieldType | undefined;
  if (!type) throw new CrdModelError(`${path}: the schema has no type`);
  // allOf in these CRDs only repeats an enum (kubebuilder markers on a type and on its field).
  const enums = [raw.enum, ...(raw.allOf ?? []).map((a) => a.enum)].filter((e): e is (string | number)[] => !!e);
  const en = enums.length ? enums.reduce((a, b) => a.filter((v) => b.includes(v))) : undefined;
  const props = raw.properties
    ? Object.fromEntries(Object.entries(raw.properties).map(([k, v]) => [k, node(v, `${path}.${k}`)]))
    : undefined;
  const n: FieldNode = {
    path,
    type,
    required: raw.required ?? [],
    rules: raw['x-kubernetes-validations'] ?? [],
    ...(raw.description !== undefined && { description: raw.description }),
    ...(raw.format !== undefined && { format: raw.format }),
    ...(en && { enum: en }),
    ...((raw.allOf ?? []).some((a) => a.enum) && { enumInAllOf: true }),
    ...(raw.pattern !== undefined && { pattern: raw.pattern }),
    ...(raw.minimum !== undefined && { minimum: raw.minimum }),
    ...(raw.maximum !== undefined && { maximum: raw.maximum }),
    ...(raw.exclusiveMinimum && { exclusiveMinimum: true }),
    ...(raw.exclusiveMaximum && { exclusiveMaximum: true }),
    ...(raw.minLength !== undefined && { minLength: raw.minLength }),
    ...(raw.maxLength !== undefined && { maxLength: raw.maxLength }),
    ...(raw.minItems !== undefined && { minItems: raw.minItems }),
    ...(raw.maxItems !== undefined && { maxItems: raw.maxItems }),
    ...(raw.minProperties !== undefined && { minProperties: raw.minProperties }),
    ...(raw.maxProperties !== undefined && { maxProperties: raw.maxProperties }),
    ...(raw.default !== undefined && { default: raw.default }),
    ...(props && { properties: props }),
    ...(raw.items && { items: node(raw.items, `${path}[*]`) }),
    ...(typeof raw.additionalProperties === 'object' && { additionalProperties: node(raw.additionalProperties, `${path}[*]`) }),
    ...(raw['x-kubernetes-list-type'] && { listType: raw['x-kubernetes-list-type'] }),
    ...(raw['x-kubernetes-list-map-keys'] && { listMapKeys: raw['x-kubernetes-list-map-keys'] }),
  };
  return n;
}

export interface CrdModel {
  group: string;
  kind: string;
  version: string;
  /** The `spec` field and everything under it. */
  spec: FieldNode;
}

/** The model of a `spec` schema as it stands in a CRD (`openAPIV3Schema.properties.spec`). */
export function modelFromSpecSchema(raw: unknown): FieldNode {
  if (typeof raw !== 'object' || raw === null) throw new CrdModelError('not a schema');
  return node(raw as RawSchema, 'spec');
}

/** Every field, depth first, `spec` itself first. */
export function allFields(root: FieldNode): FieldNode[] {
  const out: FieldNode[] = [];
  const walk = (n: FieldNode) => {
    out.push(n);
    for (const c of Object.values(n.properties ?? {})) walk(c);
    if (n.items) walk(n.items);
    if (n.additionalProperties) walk(n.additionalProperties);
  };
  walk(root);
  return out;
}

/** The first sentence of a CRD description, for help under a field; the whole text goes in a tooltip. */
export function shortHelp(description: string | undefined): string | undefined {
  if (!description) return undefined;
  const first = description
    .split(/\n\s*\n/)[0]!
    .replace(/\s+/g, ' ')
    .trim();
  const end = first.search(/\.(\s|$)/);
  return end > 0 ? first.slice(0, end + 1) : first;
}
