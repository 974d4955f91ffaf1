// Part of npm run bench, on the production build (.next): the JavaScript a browser loads when it
// first opens each route, gzip-compressed as `next start` serves it. Per route: Next's and React's
// runtime (build-manifest rootMainFiles), then every client chunk the route's segments name in its
// client reference manifest (layouts, the page, and the error, loading and not-found boundaries,
// which render on first load too). Chunks loaded later with import() are not counted: that is the
// point of loading them when used. The baseline, measured in the same run, is the runtime alone:
// what an empty page costs. The budget (issue 13) is 150 KiB on every route.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runInNewContext } from 'node:vm';
import { gzipSync } from 'node:zlib';

const BUDGET_KIB = 150;
const next = resolve(import.meta.dirname, '../.next');
const manifest = JSON.parse(readFileSync(join(next, 'build-manifest.json'), 'utf8')) as { rootMainFiles: string[] };
const sizes = new Map<string, number>();
const gz = (file: string) => {
  if (!sizes.has(file)) sizes.set(file, gzipSync(readFileSync(join(next, file))).length);
  return sizes.get(file)!;
};
const kib = (bytes: number) => bytes / 1024;

function* manifests(dir: string): Generator<string> {
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) yield* manifests(p);
    else if (e === 'page_client-reference-manifest.js') yield p;
  }
}

const runtime = manifest.rootMainFiles.reduce((n, f) => n + gz(f), 0);
const routes: { route: string; bytes: number }[] = [];
for (const file of manifests(join(next, 'server/app'))) {
  // The manifest is a script that assigns globalThis.__RSC_MANIFEST; run it in its own context.
  const sandbox = { globalThis: {} as { __RSC_MANIFEST?: Record<string, { entryJSFiles: Record<string, string[]> }> } };
  runInNewContext(readFileSync(file, 'utf8'), sandbox);
  for (const [route, m] of Object.entries(sandbox.globalThis.__RSC_MANIFEST ?? {})) {
    if (route.startsWith('/_')) continue; // Next's own error pages
    const files = new Set(manifest.rootMainFiles);
    for (const list of Object.values(m.entryJSFiles)) for (const f of list) files.add(f);
    routes.push({ route: route.replace(/\/page$/, '') || '/', bytes: [...files].reduce((n, f) => n + gz(f), 0) });
  }
}
if (routes.length === 0) throw new Error('No route manifests under .next/server/app: run `next build` first.');
routes.sort((a, b) => b.bytes - a.bytes);

console.log(`\nFirst-load JavaScript per route, gzip (runtime alone: ${kib(runtime).toFixed(1)} KiB; budget ${BUDGET_KIB} KiB)`);
for (const r of routes) {
  const over = kib(r.bytes) > BUDGET_KIB ? '  over the budget' : '';
  console.log(`  ${kib(r.bytes).toFixed(1).padStart(6)} KiB  ×${(r.bytes / runtime).toFixed(2)} of the runtime  ${r.route}${over}`);
}
const largest = routes[0]!;
console.log(`bench: first-load-js-largest-route-vs-runtime: ×${(largest.bytes / runtime).toFixed(2)} (${largest.route})`);
console.log(`bench: first-load-js-largest-route-vs-150KiB-budget: ×${(kib(largest.bytes) / BUDGET_KIB).toFixed(2)}`);
