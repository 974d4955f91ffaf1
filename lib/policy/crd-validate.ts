import { celEnv, celFunc, CelScalar, isCelError, parse, plan, type CelInput } from '@bufbuild/cel';
import { RE2JS } from '@bufbuild/re2';
import type { CelRule, FieldNode } from './crd-model';
import { quantityFuncs } from './cel-quantity';

// A BackendConfigPolicy's spec judged as the API server judges it, from the CRD's field model:
// defaults first, then the OpenAPI schema (types, enums, patterns, limits, required fields), then
// the CEL rules, evaluated from the CRD's own text by a real CEL implementation (@bufbuild/cel,
// RE2 regular expressions as in Kubernetes). The causes carry the API server's field paths and
// messages (field.Error's ErrorBody), so the form can put each on its field word for word.
// Mirrors k8s.io/apiextensions-apiserver v0.34: CEL rules are skipped, with the API server's
// message, when the schema found a "blocking" error (type, required, enum, too long, too many).

export type CauseType =
  | 'FieldValueInvalid'
  | 'FieldValueRequired'
  | 'FieldValueNotSupported'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'FieldValueTypeInvalid'
  | 'FieldValueForbidden'
  | 'FieldValueDuplicate';

export interface Cause {
  /** `spec.tcpKeepalive.keepAliveTime`, `spec.targetRefs[0].name`. */
  field: string;
  type: CauseType;
  /** As the API server words it, without the field: `Invalid value: "0s": keepAliveTime must be at least 1 second`. */
  message: string;
}

const BLOCKING: ReadonlySet<CauseType> = new Set([
  'FieldValueNotSupported',
  'FieldValueRequired',
  'FieldValueTooLong',
  'FieldValueTooMany',
  'FieldValueTypeInvalid',
]);

/** Go's %v / %q of a bad value, as field.Error prints it. */
function shown(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

const TITLE: Record<CauseType, string> = {
  FieldValueInvalid: 'Invalid value',
  FieldValueTypeInvalid: 'Invalid value',
  FieldValueRequired: 'Required value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  FieldValueForbidden: 'Forbidden',
  FieldValueDuplicate: 'Duplicate value',
};

function cause(field: string, type: CauseType, detail: string, value?: { v: unknown }): Cause {
  let body = TITLE[type];
  // field.Error's ErrorBody leaves the value out of these three.
  const bare = type === 'FieldValueRequired' || type === 'FieldValueForbidden' || type === 'FieldValueTooLong';
  if (value && !bare) body += `: ${shown(value.v)}`;
  if (detail) body += `: ${detail}`;
  return { field, type, message: body };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** JSON's type name as kube-openapi names it. */
function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/** A copy with the schema's defaults filled in, as the API server does before it validates. */
export function withDefaults(value: unknown, n: FieldNode): unknown {
  if (isObject(value) && n.type === 'object') {
    const out: Record<string, unknown> = { ...value };
    for (const [k, c] of Object.entries(n.properties ?? {})) {
      if (out[k] === undefined && c.default !== undefined) out[k] = structuredClone(c.default);
      if (out[k] !== undefined) out[k] = withDefaults(out[k], c);
    }
    return out;
  }
  if (Array.isArray(value) && n.items) return value.map((v) => withDefaults(v, n.items!));
  return value;
}

function schemaCauses(v: unknown, n: FieldNode, field: string, out: Cause[], unknown: string[]): void {
  const body = (d: string) => `${field} in body ${d}`;
  const typeOk =
    n.type === 'int-or-string'
      ? typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v))
      : n.type === 'number'
        ? typeof v === 'number'
        : n.type === 'integer'
          ? typeof v === 'number' && Number.isInteger(v)
          : jsonType(v) === n.type;
  if (!typeOk) {
    if (n.type === 'int-or-string') {
      out.push(cause(field, 'FieldValueTypeInvalid', body('must be of type integer-or-string'), { v: jsonType(v) === 'object' ? v : v }));
    } else {
      out.push(
        cause(field, 'FieldValueTypeInvalid', `${body(`must be of type ${n.type}`)}: ${JSON.stringify(jsonType(v))}`, { v: jsonType(v) }),
      );
    }
    return;
  }
  if (n.enum && !n.enum.includes(v as string | number)) {
    out.push(cause(field, 'FieldValueNotSupported', `supported values: ${n.enum.map((e) => JSON.stringify(String(e))).join(', ')}`, { v }));
    // kube-openapi's allOf validator adds its own line, on no field, with an empty value.
    if (n.enumInAllOf)
      out.push(
        cause('<nil>', 'FieldValueInvalid', `${JSON.stringify(field)} must validate all the schemas (allOf). None validated`, { v: '' }),
      );
  }
  if (typeof v === 'string') {
    const length = [...v].length;
    // kube-openapi stops at the first of maxLength, minLength, pattern that fails.
    if (n.maxLength !== undefined && length > n.maxLength)
      out.push(cause(field, 'FieldValueTooLong', `may not be more than ${n.maxLength} ${n.maxLength === 1 ? 'byte' : 'bytes'}`));
    else if (n.minLength !== undefined && length < n.minLength)
      out.push(cause(field, 'FieldValueInvalid', body(`should be at least ${n.minLength} chars long`), { v }));
    else if (n.pattern !== undefined && !RE2JS.compile(n.pattern).test(v))
      out.push(cause(field, 'FieldValueInvalid', body(`should match '${n.pattern}'`), { v }));
  }
  if (typeof v === 'number') {
    if (n.maximum !== undefined && (n.exclusiveMaximum ? v >= n.maximum : v > n.maximum))
      out.push(
        cause(field, 'FieldValueInvalid', body(`should be less than ${n.exclusiveMaximum ? '' : 'or equal to '}${n.maximum}`), { v }),
      );
    if (n.minimum !== undefined && (n.exclusiveMinimum ? v <= n.minimum : v < n.minimum))
      out.push(
        cause(field, 'FieldValueInvalid', body(`should be greater than ${n.exclusiveMinimum ? '' : 'or equal to '}${n.minimum}`), { v }),
      );
  }
  if (Array.isArray(v)) {
    if (n.maxItems !== undefined && v.length > n.maxItems)
      out.push(
        cause(field, 'FieldValueTooMany', `must have at most ${n.maxItems} ${n.maxItems === 1 ? 'item' : 'items'}`, { v: v.length }),
      );
    if (n.minItems !== undefined && v.length < n.minItems)
      out.push(cause(field, 'FieldValueInvalid', body(`should have at least ${n.minItems} items`), { v: v.length }));
    if (n.items) v.forEach((item, i) => schemaCauses(item, n.items!, `${field}[${i}]`, out, unknown));
  }
  if (isObject(v)) {
    const size = Object.keys(v).length;
    if (n.maxProperties !== undefined && size > n.maxProperties)
      out.push(
        cause(field, 'FieldValueTooMany', `must have at most ${n.maxProperties} ${n.maxProperties === 1 ? 'item' : 'items'}`, { v: size }),
      );
    if (n.minProperties !== undefined && size < n.minProperties)
      out.push(cause(field, 'FieldValueInvalid', body(`should have at least ${n.minProperties} properties`), { v: size }));
    for (const r of n.required) if (v[r] === undefined) out.push(cause(`${field}.${r}`, 'FieldValueRequired', ''));
    for (const [k, child] of Object.entries(v)) {
      const c = n.properties?.[k] ?? n.additionalProperties;
      if (!c) unknown.push(`${field}.${k}`);
      else if (child === null) {
        // JSON null is dropped for a field that is not nullable (the API server prunes it).
      } else schemaCauses(child, c, `${field}.${k}`, out, unknown);
    }
  }
}

// ---- CEL

/** The value as Kubernetes hands it to CEL: objects as maps, integer fields as int, the rest as JSON. */
function toCel(v: unknown, n: FieldNode | undefined): CelInput {
  if (Array.isArray(v)) return v.map((x) => toCel(x, n?.items));
  if (isObject(v)) {
    const m = new Map<string, CelInput>();
    for (const [k, x] of Object.entries(v))
      if (x !== null && x !== undefined) m.set(k, toCel(x, n?.properties?.[k] ?? n?.additionalProperties));
    return m;
  }
  if (typeof v === 'number' && Number.isInteger(v) && (n?.type === 'integer' || n?.type === 'int-or-string')) return BigInt(v);
  return v as CelInput;
}

// Kubernetes' CEL has the standard `matches(string, string)` as a function too (cel-go does).
const env = celEnv({
  funcs: [
    ...quantityFuncs,
    celFunc('matches', [CelScalar.STRING, CelScalar.STRING], CelScalar.BOOL, (s: string, p: string) => RE2JS.compile(p).test(s)),
  ],
});
const plans = new Map<string, ReturnType<typeof plan>>();
function compiled(rule: string): ReturnType<typeof plan> {
  let p = plans.get(rule);
  if (!p) {
    p = plan(env, parse(rule));
    plans.set(rule, p);
  }
  return p;
}

// The structural schema of an int-or-string field has no type: its CEL errors show "".
const SCHEMA_TYPE_NAME: Record<string, string> = { 'int-or-string': '' };

function ruleCause(field: string, n: FieldNode, rule: CelRule, detail: string): Cause {
  const at = rule.fieldPath ? `${field}${rule.fieldPath}` : field;
  const value = { v: SCHEMA_TYPE_NAME[n.type] ?? n.type };
  switch (rule.reason) {
    case 'FieldValueForbidden':
      return cause(at, 'FieldValueForbidden', detail);
    case 'FieldValueRequired':
      return cause(at, 'FieldValueRequired', detail);
    case 'FieldValueDuplicate':
      return cause(at, 'FieldValueDuplicate', '', value);
    default:
      return cause(at, 'FieldValueInvalid', detail, value);
  }
}

const trimmed = (r: CelRule) => (r.message ? r.message.trim() : r.rule.trim());

function celCauses(v: unknown, n: FieldNode, field: string, out: Cause[]): void {
  if (v === undefined || v === null) return;
  for (const rule of n.rules) {
    let result;
    try {
      result = compiled(rule.rule)({ self: toCel(v, n) });
    } catch (e) {
      result = { message: (e as Error).message, isError: true };
    }
    if (isCelError(result) || (typeof result === 'object' && result !== null && 'isError' in result)) {
      const message = (result as { message: string }).message;
      out.push(
        cause(field, 'FieldValueInvalid', `${celErrorText(message)} evaluating rule: ${trimmed(rule)}`, {
          v: SCHEMA_TYPE_NAME[n.type] ?? n.type,
        }),
      );
    } else if (result !== true) {
      out.push(ruleCause(field, n, rule, rule.message?.trim() || `failed rule: ${rule.rule.trim()}`));
    }
  }
  if (Array.isArray(v) && n.items) v.forEach((x, i) => celCauses(x, n.items!, `${field}[${i}]`, out));
  if (isObject(v))
    for (const [k, x] of Object.entries(v)) {
      const c = n.properties?.[k] ?? n.additionalProperties;
      if (c) celCauses(x, c, `${field}.${k}`, out);
    }
}

/** cel-go's words for the errors these rules can meet at run time. */
function celErrorText(message: string): string {
  if (/duration/i.test(message)) return "type conversion error from 'string' to 'google.protobuf.Duration'";
  return message;
}

export interface Verdict {
  causes: Cause[];
  /** Fields the schema does not have (the API server refuses them under strict field validation). */
  unknownFields: string[];
}

/** Judges `spec` (the object under metadata) against the model's spec node. */
export function validateSpec(spec: unknown, model: FieldNode): Verdict {
  return validateNode(spec, model, 'spec');
}

/** Judges a value against one node of the model, its causes named from `field` down. */
export function validateNode(v: unknown, model: FieldNode, field: string): Verdict {
  const value = withDefaults(v, model);
  const causes: Cause[] = [];
  const unknownFields: string[] = [];
  schemaCauses(value, model, field, causes, unknownFields);
  if (causes.some((c) => BLOCKING.has(c.type))) {
    causes.push({
      field: '<nil>',
      type: 'FieldValueInvalid',
      message:
        'Invalid value: null: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation',
    });
  } else celCauses(value, model, field, causes);
  return { causes, unknownFields };
}

/** The first message per field (`spec.tcpKeepalive.keepAliveTime` → the API server's words), for a form. */
export function fieldMessages(verdict: Verdict): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of verdict.causes) if (c.field !== '<nil>') out[c.field] ??= c.message;
  return out;
}
