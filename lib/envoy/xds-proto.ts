import { createFileRegistry, fromBinary, fromJson, hasOption, toJson, type JsonValue } from '@bufbuild/protobuf';
import type { DescMessage } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';
import { ENVOY_DESCRIPTORS_BASE64 } from './descriptors.generated';
import { isObject } from './config-dump';

// What kgateway means to send and what Envoy holds, in one canonical form.
//
// kgateway's admin `/snapshots/xds` is Go's encoding/json of go-control-plane's structs, not
// protobuf JSON: oneofs sit under their Go names (`"ClusterDiscoveryType": {"Type": 3}`), enums
// are numbers, durations `{"seconds": 5}`, wrappers `{"value": 1}`, and every `Any` is
// `{"type_url", "value": <base64 of the binary message>}`. Envoy's config dump is protobuf JSON
// with proto field names and decoded `Any`s. Both are read with the descriptors of the
// go-control-plane version kgateway pins (descriptors.generated.ts): each `Any` is decoded with
// them, and both sides are written back out by the same protobuf JSON writer, so equal
// messages give equal JSON. Fields unknown to those descriptors (a newer Envoy) are left out of
// the actual side, and said so.

const registry = createFileRegistry(fromBinary(FileDescriptorSetSchema, Buffer.from(ENVOY_DESCRIPTORS_BASE64, 'base64')));

export const CLUSTER_TYPE = 'envoy.config.cluster.v3.Cluster';

/**
 * Fields Envoy's API marks `udpa.annotations.sensitive` (private keys, passwords, session ticket
 * keys). Envoy's dump prints them as "[redacted]"; kgateway's snapshot redacts only Secret
 * resources, so a key kgateway inlines into a cluster would otherwise reach the browser.
 */
const SENSITIVE = registry.getExtension('udpa.annotations.sensitive');
export const REDACTED = '[redacted]';

export class DecodeError extends Error {}

const MAX_DEPTH = 64;

function squash(s: string): string {
  return s.replace(/_/g, '').toLowerCase();
}

function messageDesc(typeName: string): DescMessage {
  const d = registry.getMessage(typeName);
  if (!d) throw new DecodeError(`type ${typeName} is not among the dashboard's Envoy descriptors`);
  return d;
}

function durationJson(v: unknown): string {
  const o = isObject(v) ? v : {};
  const seconds = Number(o.seconds ?? 0);
  const nanos = Number(o.nanos ?? 0);
  if (nanos === 0) return `${seconds}s`;
  return `${seconds + nanos / 1e9}s`;
}

/** Go's encoding/json of a go-control-plane message → protobuf JSON of the same message. */
function goToProtoJson(desc: DescMessage, value: unknown, depth: number): JsonValue {
  if (depth > MAX_DEPTH) throw new DecodeError(`nested deeper than ${MAX_DEPTH} levels`);
  if (value === null || value === undefined) return null;
  switch (desc.typeName) {
    case 'google.protobuf.Duration':
      return durationJson(value);
    case 'google.protobuf.Timestamp': {
      const o = isObject(value) ? value : {};
      return new Date(Number(o.seconds ?? 0) * 1000 + Math.floor(Number(o.nanos ?? 0) / 1e6)).toISOString();
    }
    case 'google.protobuf.Any': {
      const o = isObject(value) ? value : {};
      const url = String(o.type_url ?? '');
      const inner = messageDesc(url.slice(url.lastIndexOf('/') + 1));
      const bytes = Buffer.from(String(o.value ?? ''), 'base64');
      const json = toJson(inner, fromBinary(inner, bytes), { registry, useProtoFieldName: true });
      return isObject(json) ? { '@type': url, ...json } : { '@type': url, value: json };
    }
    case 'google.protobuf.Struct':
    case 'google.protobuf.Value':
    case 'google.protobuf.ListValue':
      throw new DecodeError(`${desc.typeName} in Go's JSON form is not read`);
  }
  if (desc.typeName.startsWith('google.protobuf.') && desc.typeName.endsWith('Value') && desc.fields.length === 1) {
    // Wrappers: {"value": x}; an absent value is the zero value.
    const v = isObject(value) ? value.value : undefined;
    return (v ?? (desc.fields[0]!.scalar === 9 ? '' : desc.fields[0]!.scalar === 8 ? false : 0)) as JsonValue;
  }
  if (!isObject(value)) throw new DecodeError(`${desc.typeName}: expected an object, got ${typeof value}`);
  const out: Record<string, JsonValue> = {};
  const byName = new Map(desc.fields.map((f) => [f.name, f]));
  const oneofs = new Map(desc.oneofs.map((o) => [squash(o.name), o]));
  const put = (field: DescMessage['fields'][number], v: unknown) => {
    if (v === null || v === undefined) return;
    out[field.name] = fieldToProtoJson(field, v, depth + 1);
  };
  for (const [key, v] of Object.entries(value)) {
    const field = byName.get(key);
    if (field) {
      put(field, v);
      continue;
    }
    const oneof = oneofs.get(squash(key));
    if (oneof) {
      if (v === null || v === undefined) continue;
      if (!isObject(v)) throw new DecodeError(`${desc.typeName}.${oneof.name}: expected an object`);
      for (const [inner, iv] of Object.entries(v)) {
        const f = oneof.fields.find((x) => squash(x.name) === squash(inner));
        if (!f) throw new DecodeError(`${desc.typeName}.${oneof.name}: no member ${inner}`);
        put(f, iv);
      }
      continue;
    }
    throw new DecodeError(`${desc.typeName} has no field ${key}`);
  }
  return out;
}

function fieldToProtoJson(field: DescMessage['fields'][number], v: unknown, depth: number): JsonValue {
  switch (field.fieldKind) {
    case 'scalar':
    case 'enum':
      return v as JsonValue;
    case 'message':
      return goToProtoJson(field.message, v, depth);
    case 'list':
      if (!Array.isArray(v)) throw new DecodeError(`${field.parent.typeName}.${field.name}: expected a list`);
      return field.listKind === 'message' ? v.map((x) => goToProtoJson(field.message, x, depth)) : (v as JsonValue);
    case 'map': {
      if (!isObject(v)) throw new DecodeError(`${field.parent.typeName}.${field.name}: expected a map`);
      if (field.mapKind !== 'message') return v as JsonValue;
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, goToProtoJson(field.message, x, depth)]));
    }
  }
}

/** A message as protobuf JSON with proto field names, every Any decoded, defaults left out. */
export type Canonical = Record<string, JsonValue>;

function canonical(desc: DescMessage, json: JsonValue): Canonical {
  const msg = fromJson(desc, json, { registry, ignoreUnknownFields: true });
  return redact(desc, toJson(desc, msg, { registry, useProtoFieldName: true }), 0) as Canonical;
}

function scrub(v: JsonValue): JsonValue {
  if (Array.isArray(v)) return v.map(scrub);
  if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, k === '@type' ? x : scrub(x as JsonValue)]));
  return typeof v === 'string' ? REDACTED : v;
}

/** Every string under a sensitive field becomes "[redacted]", on both sides alike. */
function redact(desc: DescMessage, v: JsonValue, depth: number): JsonValue {
  if (!isObject(v) || depth > MAX_DEPTH) return v;
  if (desc.typeName === 'google.protobuf.Any') {
    const url = String(v['@type'] ?? '');
    const inner = registry.getMessage(url.slice(url.lastIndexOf('/') + 1));
    return inner ? redact(inner, v, depth + 1) : scrub(v);
  }
  const out: Record<string, JsonValue> = { ...v };
  for (const f of desc.fields) {
    const x = out[f.name];
    if (x === undefined) continue;
    if (SENSITIVE && hasOption(f, SENSITIVE)) out[f.name] = scrub(x);
    else if (f.fieldKind === 'message') out[f.name] = redact(f.message, x, depth + 1);
    else if (f.fieldKind === 'list' && f.listKind === 'message' && Array.isArray(x))
      out[f.name] = x.map((y) => redact(f.message, y, depth + 1));
    else if (f.fieldKind === 'map' && f.mapKind === 'message' && isObject(x))
      out[f.name] = Object.fromEntries(Object.entries(x).map(([k, y]) => [k, redact(f.message, y as JsonValue, depth + 1)]));
  }
  return out;
}

/** A resource from kgateway's `/snapshots/xds` (`Items[name].Resource`), in canonical form. */
export function fromSnapshotResource(typeName: string, goJson: unknown): Canonical {
  const desc = messageDesc(typeName);
  try {
    return canonical(desc, goToProtoJson(desc, goJson, 0));
  } catch (e) {
    if (e instanceof DecodeError) throw e;
    throw new DecodeError(`kgateway's ${typeName} could not be read: ${(e as Error).message}`);
  }
}

/** A resource from Envoy's config dump (protobuf JSON, `@type` included), in canonical form. */
export function fromDumpResource(typeName: string, json: unknown): Canonical {
  const desc = messageDesc(typeName);
  if (!isObject(json)) throw new DecodeError(`Envoy's ${typeName} is not an object`);
  const rest: Record<string, JsonValue> = {};
  for (const [k, v] of Object.entries(json)) if (k !== '@type') rest[k] = v as JsonValue;
  try {
    return canonical(desc, rest);
  } catch (e) {
    throw new DecodeError(`Envoy's ${typeName} could not be read: ${(e as Error).message}`);
  }
}

export interface FieldDifference {
  /** Dotted path in proto field names, `[i]` for list items. */
  path: string;
  desired?: JsonValue;
  actual?: JsonValue;
}

function leaves(v: JsonValue, path: string, out: Map<string, JsonValue>) {
  if (Array.isArray(v)) {
    if (v.length === 0) out.set(path, []);
    v.forEach((x, i) => leaves(x, `${path}[${i}]`, out));
  } else if (isObject(v)) {
    const entries = Object.entries(v);
    if (entries.length === 0) out.set(path, {});
    for (const [k, x] of entries) leaves(x as JsonValue, path ? `${path}.${k}` : k, out);
  } else out.set(path, v);
}

/** Every leaf that differs between what kgateway sends and what Envoy holds. */
export function differences(desired: Canonical, actual: Canonical): FieldDifference[] {
  const a = new Map<string, JsonValue>();
  const b = new Map<string, JsonValue>();
  leaves(desired, '', a);
  leaves(actual, '', b);
  const out: FieldDifference[] = [];
  for (const path of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const x = a.get(path);
    const y = b.get(path);
    if (JSON.stringify(x) !== JSON.stringify(y)) out.push({ path, desired: x, actual: y });
  }
  return out;
}

/** How many leaves a canonical message has: "N fields compared". */
export function leafCount(m: Canonical): number {
  const out = new Map<string, JsonValue>();
  leaves(m, '', out);
  return out.size;
}
