import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findServiceCluster, jsonLines } from './cluster-view';
import { compareDumps } from './compare';
import { ConfigDumpError, listClusters, summarizeDump, type Json } from './config-dump';
import { listSection, SECTION_KINDS, sliceOf } from './sections';
import { CLUSTER_TYPE, DecodeError, fromDumpResource, fromSnapshotResource } from './xds-proto';
import { envoyStats, heldVersions, rejectionsInLog, snapshotClients, SnapshotError } from '@/lib/inspect/sync';

// Issue 13's fuzzing of the dump readers: on arbitrary JSON and on real dumps of the local Envoy
// mutated at random, every reader either answers or refuses with its own error class and a
// message — never a TypeError from deep inside, never a hang. Seeds are fixed so a failure
// reproduces; fast-check prints the smallest input that fails.

const real = JSON.parse(readFileSync('fixtures/envoy/config-dump-httpbin-keepalive.json', 'utf8')) as Json;
const snapshot = JSON.parse(readFileSync('fixtures/xds/snapshot-httpbin-rich.json', 'utf8')) as Json;
const KNOWN = [ConfigDumpError, DecodeError, SnapshotError];

/** Runs `read`; an exception must be one of the readers' own, with a message a person can read. */
function answersOrRefuses(read: () => unknown): void {
  try {
    read();
  } catch (e) {
    if (!KNOWN.some((k) => e instanceof k)) throw e;
    expect((e as Error).message.length).toBeGreaterThan(10);
  }
}

function readEverything(dump: unknown) {
  answersOrRefuses(() => summarizeDump(dump));
  answersOrRefuses(() => listClusters(dump));
  answersOrRefuses(() => findServiceCluster(dump, 'httpbin', 'httpbin', 8000));
  for (const kind of SECTION_KINDS) {
    answersOrRefuses(() => listSection(dump, kind, 'kube', 20));
    answersOrRefuses(() => sliceOf(dump, kind, 'kube_httpbin_httpbin_8000'));
  }
  answersOrRefuses(() => compareDumps(dump, real));
  answersOrRefuses(() => heldVersions(dump, dump));
  answersOrRefuses(() => snapshotClients(dump));
  const cluster = (() => {
    try {
      return findServiceCluster(dump, 'httpbin', 'httpbin', 8000)?.cluster;
    } catch {
      return undefined;
    }
  })();
  if (cluster) {
    answersOrRefuses(() => jsonLines(cluster));
    answersOrRefuses(() => fromDumpResource(CLUSTER_TYPE, cluster));
  }
}

type Path = (string | number)[];

/** Every path to a value inside `v`, up to `limit` of them. */
function paths(v: Json, limit = 5000): Path[] {
  const out: Path[] = [];
  const walk = (x: Json, at: Path) => {
    if (out.length >= limit) return;
    out.push(at);
    if (Array.isArray(x)) x.forEach((y, i) => walk(y, [...at, i]));
    else if (x && typeof x === 'object') for (const [k, y] of Object.entries(x)) walk(y, [...at, k]);
  };
  walk(v, []);
  return out;
}

const realPaths = paths(real).filter((p) => p.length > 0);

/** A copy of `base` with the value at `path` replaced (or removed when `value` is undefined). */
function mutate(base: Json, path: Path, value: Json | undefined): Json {
  const copy = structuredClone(base) as Json;
  let parent = copy as Record<string | number, Json>;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, Json>;
  const last = path.at(-1)!;
  if (value === undefined) {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else parent[last] = value;
  return copy;
}

const anyJson = fc.jsonValue({ maxDepth: 6 }) as fc.Arbitrary<Json>;

describe('dump readers, fuzzed', () => {
  it('arbitrary JSON: each reader answers or refuses with its own error', () => {
    fc.assert(
      fc.property(anyJson, (dump) => readEverything(dump)),
      { numRuns: 400, seed: 1205 },
    );
  });

  it('arbitrary JSON in the places a dump has objects: the configs list, a cluster, a section', () => {
    const shaped = fc.oneof(
      anyJson.map((x) => ({ configs: x })),
      fc.array(anyJson, { maxLength: 5 }).map((configs) => ({ configs })),
      anyJson.map((cluster) => ({
        configs: [{ '@type': 'type.googleapis.com/envoy.admin.v3.ClustersConfigDump', dynamic_active_clusters: [{ cluster }] }],
      })),
      anyJson.map((x) => ({ configs: [{ '@type': 'type.googleapis.com/envoy.admin.v3.ClustersConfigDump', dynamic_active_clusters: x }] })),
    );
    fc.assert(
      fc.property(shaped, (dump) => readEverything(dump)),
      { numRuns: 400, seed: 1206 },
    );
  });

  it("the local Envoy's real dump with one value replaced by arbitrary JSON, or removed", () => {
    fc.assert(
      fc.property(fc.constantFrom(...realPaths), fc.option(anyJson, { nil: undefined }), (path, value) =>
        readEverything(mutate(real, path, value)),
      ),
      { numRuns: 600, seed: 1207 },
    );
  });

  it('a cluster of the real dump mutated field by field still decodes or is refused by name', () => {
    const cluster = findServiceCluster(real, 'httpbin', 'httpbin', 8000)!.cluster as Json;
    const clusterPaths = paths(cluster).filter((p) => p.length > 0);
    fc.assert(
      fc.property(fc.constantFrom(...clusterPaths), fc.option(anyJson, { nil: undefined }), (path, value) => {
        answersOrRefuses(() => fromDumpResource(CLUSTER_TYPE, mutate(cluster, path, value)));
      }),
      { numRuns: 600, seed: 1208 },
    );
  });

  it("kgateway's real snapshot with one value replaced, and its clusters in Go's JSON mutated", () => {
    const snapPaths = paths(snapshot).filter((p) => p.length > 0);
    fc.assert(
      fc.property(fc.constantFrom(...snapPaths), fc.option(anyJson, { nil: undefined }), (path, value) => {
        const mutated = mutate(snapshot, path, value);
        answersOrRefuses(() => snapshotClients(mutated));
        const items = (mutated as { data?: Record<string, { Resources?: { Items?: Record<string, { Resource?: unknown }> }[] }> }).data;
        for (const client of Object.values(items ?? {})) {
          const clusters = Array.isArray(client?.Resources) ? client.Resources[0]?.Items : undefined;
          for (const item of Object.values(clusters && typeof clusters === 'object' ? clusters : {}))
            answersOrRefuses(() => fromSnapshotResource(CLUSTER_TYPE, (item as { Resource?: unknown })?.Resource));
        }
      }),
      { numRuns: 400, seed: 1209 },
    );
  });

  it('nesting far past the bound is refused with the bound named, quickly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 129, max: 20_000 }), fc.constantFrom('array', 'object'), (depth, kind) => {
        let deep: Json = 1;
        for (let i = 0; i < depth; i++) deep = kind === 'array' ? [deep] : { a: deep };
        expect(() => summarizeDump({ configs: [deep] })).toThrow(/Nested more than 128 levels deep/);
      }),
      { numRuns: 30, seed: 1210 },
    );
  });

  it("Envoy's stats and log readers take any text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 2000 }), (text) => {
        expect(envoyStats(text).routes).toBeTypeOf('object');
        expect(Array.isArray(rejectionsInLog(text))).toBe(true);
      }),
      { numRuns: 500, seed: 1211 },
    );
  });
});
