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
  // The fixture's replica once it applied all it received: one route configuration, listener~8080.
  const synced = { ...held, clusters: stats.clusters!.received! };
  const at = 1_000_000;
  const max = 30_000;
  const withRoutes = (routes: Record<string, string>) => ({ at, held: { ...synced, routes }, stats: { ...stats, routes: {} } });

  it("asks for the last read's route configurations by name while the listeners are unchanged", () => {
    const path = routesReadPath({ at, held: synced, stats }, synced.listeners, at + 1, max);
    expect(path!.startsWith(`${ROUTES_PATH}&name_regex=`)).toBe(true);
    expect(regexOf(path)).toBe('^(?:listener~8080)$');
    const re = regexOf(routesReadPath(withRoutes({ 'listener~8080': 'v', 'a.b|c(d)*': 'v' }), synced.listeners, at + 1, max));
    expect(re).toBe('^(?:listener~8080|a\\.b\\|c\\(d\\)\\*)$');
    const js = new RegExp(re!);
    expect(['listener~8080', 'a.b|c(d)*'].every((n) => js.test(n))).toBe(true);
    expect(['listener~80800', 'axb|c(d)*', 'kube_shop_catalog_9000', 'c(d)*'].some((n) => js.test(n))).toBe(false);
  });

  it('asks for all of them once the listeners changed, the read is old, or a subscription had nothing applied', () => {
    const prev = { at, held: synced, stats };
    expect(routesReadPath(undefined, synced.listeners, at, max)).toBe(ROUTES_PATH);
    expect(routesReadPath(prev, 'other', at + 1, max)).toBe(ROUTES_PATH);
    expect(routesReadPath(prev, synced.listeners, at + max, max)).toBe(ROUTES_PATH);
    expect(routesReadPath(prev, synced.listeners, at - 1, max)).toBe(ROUTES_PATH);
    // A new listener waits for its routes: Envoy counts the subscription before it holds the configuration.
    const waiting = { ...prev, stats: { ...stats, routes: { ...stats.routes, 'listener~9090': { rejected: 0 } } } };
    expect(routesReadPath(waiting, synced.listeners, at + 1, max)).toBe(ROUTES_PATH);
  });

  it('asks for all of them when a name is unknown or the path would be too long, and nothing when there are none', () => {
    expect(routesReadPath(withRoutes({ 'listener~8080': 'v', '#1': 'v' }), synced.listeners, at + 1, max)).toBe(ROUTES_PATH);
    const many = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`listener~${8000 + i}`, 'v']));
    expect(routesReadPath(withRoutes(many), synced.listeners, at + 1, max)).toBe(ROUTES_PATH);
    expect(routesReadPath(withRoutes({}), synced.listeners, at + 1, max)).toBeNull();
  });
});
