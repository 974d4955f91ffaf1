import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { envoyStats, heldVersions, snapshotClients } from './sync';
import { ROUTES_PATH, routesReadPath, statsStillHold } from './replica-reads';

// Real reads of kgateway v2.4.2 and Envoy 1.40.0 on the stack (fixtures/xds/README.md).
const read = (f: string) => readFileSync(`fixtures/xds/${f}`, 'utf8');
const snapshot = JSON.parse(read('snapshot-rejected.json'));
const held = heldVersions(JSON.parse(read('envoy-versions-rejected.json')), JSON.parse(read('envoy-route-versions-rejected.json')));
const stats = envoyStats(read('envoy-stats-rejected.txt'));

describe('an earlier stats read, given again', () => {
  // The fixture's replica after it applied the version it had refused: all it received is held.
  const synced = { ...held, clusters: stats.clusters!.received! };
  const desired = snapshotClients(snapshot)[0]!.versions;
  const at = 1_000_000;
  const prev = { at, held: synced, stats };
  const max = 30_000;

  it('holds while the replica holds the same versions it had applied and kgateway sends those', () => {
    expect(desired.clusters).toBe(synced.clusters);
    expect(statsStillHold(prev, synced, desired, at + 29_999, max)).toBe(true);
    expect(statsStillHold(prev, { ...synced, routes: { ...synced.routes } }, undefined, at + 1, max)).toBe(true);
  });

  it('is read again once it is old, or from a clock that went back', () => {
    expect(statsStillHold(prev, synced, desired, at + 30_000, max)).toBe(false);
    expect(statsStillHold(prev, synced, desired, at - 1, max)).toBe(false);
    expect(statsStillHold(undefined, synced, desired, at, max)).toBe(false);
  });

  it('is read again when any held version changed, or a route configuration came or went', () => {
    const route = Object.keys(synced.routes)[0]!;
    expect(statsStillHold(prev, { ...synced, clusters: 'other' }, undefined, at + 1, max)).toBe(false);
    expect(statsStillHold(prev, { ...synced, listeners: 'other' }, undefined, at + 1, max)).toBe(false);
    expect(statsStillHold(prev, { ...synced, routes: { [route]: 'other' } }, undefined, at + 1, max)).toBe(false);
    expect(statsStillHold(prev, { ...synced, routes: { ...synced.routes, 'listener~9090': 'v' } }, undefined, at + 1, max)).toBe(false);
    expect(statsStillHold(prev, { ...synced, routes: {} }, undefined, at + 1, max)).toBe(false);
  });

  it('is read again while the replica is behind kgateway, refused an update, or warms clusters', () => {
    expect(statsStillHold(prev, synced, { ...desired, clusters: 'newer' }, at + 1, max)).toBe(false);
    expect(statsStillHold(prev, synced, { ...desired, routes: 'newer' }, at + 1, max)).toBe(false);
    // The fixture as read: Envoy received kgateway's clusters and kept its previous ones.
    expect(statsStillHold({ at, held, stats }, held, desired, at + 1, max)).toBe(false);
    expect(statsStillHold({ ...prev, stats: { ...stats, warmingClusters: 3 } }, synced, desired, at + 1, max)).toBe(false);
  });
});

describe('route configurations asked for by name', () => {
  const regexOf = (path: string | null) => new URLSearchParams(path!.split('?')[1]).get('name_regex');

  it('matches exactly the names given, as Envoy matches a name_regex whole', () => {
    const path = routesReadPath(['listener~8080', 'a.b|c(d)*']);
    expect(path!.startsWith(`${ROUTES_PATH}&name_regex=`)).toBe(true);
    const re = regexOf(path);
    expect(re).toBe('^(?:listener~8080|a\\.b\\|c\\(d\\)\\*)$');
    const js = new RegExp(re!);
    expect(['listener~8080', 'a.b|c(d)*'].every((n) => js.test(n))).toBe(true);
    expect(['listener~80800', 'axb|c(d)*', 'kube_shop_catalog_9000', 'c(d)*'].some((n) => js.test(n))).toBe(false);
  });

  it('reads them all when a name is unknown or the path would be too long, and nothing when there are none', () => {
    expect(routesReadPath(undefined)).toBe(ROUTES_PATH);
    expect(routesReadPath(['listener~8080', '#1'])).toBe(ROUTES_PATH);
    const many = Array.from({ length: 40 }, (_, i) => `listener~${8000 + i}`);
    expect(regexOf(routesReadPath(many.slice(0, 10)))).toContain('listener~8009');
    expect(routesReadPath(many)).toBe(ROUTES_PATH);
    expect(routesReadPath([])).toBeNull();
  });
});
