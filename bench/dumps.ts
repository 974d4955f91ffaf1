// Part of npm run bench: big config dumps. Dumps of 5, 50 and 200 MB in the real shape (the
// local Envoy's dump in fixtures/envoy/, its kube_ clusters and their endpoints cloned with new
// names) are sliced the way the gateway page does — parse, find kube_<ns>_<svc>_<port>, print
// its lines with the policy's lit — against JSON.parse of the same bytes (the floor of any
// viewer that parses) and against `jq` selecting the same cluster (what a user does by hand).
// Also: bytes the browser receives for the cluster view, and peak memory against dump size.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findServiceCluster, jsonLines, pathsForSpecFields } from '../lib/envoy/cluster-view.ts';
import { makeDump } from './make-dump.ts';

const SIZES_MB = (process.env.BENCH_DUMP_SIZES ?? '5,50,200').split(',').map(Number);
function time(fn: () => unknown): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const hasJq = spawnSync('jq', ['--version']).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'dump-bench-'));
try {
  console.log('\nConfig dumps: time to the highlighted cluster slice (baseline: JSON.parse of the same bytes)');
  for (const mb of SIZES_MB) {
    const { text, clusters, target } = makeDump(mb);
    const file = join(dir, `dump-${mb}.json`);
    writeFileSync(file, text);
    const name = `kube_${target.ns}_${target.svc}_${target.port}`;
    const rounds = mb >= 100 ? 3 : 5;
    const parse: number[] = [],
      slice: number[] = [],
      jq: number[] = [];
    let sent = 0;
    for (let r = 0; r < rounds; r++) {
      parse.push(time(() => JSON.parse(text)));
      slice.push(
        time(() => {
          const c = findServiceCluster(JSON.parse(text), target.ns, target.svc, target.port)!;
          sent = JSON.stringify(jsonLines(c.cluster, pathsForSpecFields(['tcpKeepalive']))).length;
        }),
      );
      if (hasJq)
        jq.push(
          time(() =>
            spawnSync('jq', ['-c', `.configs[] | .dynamic_active_clusters[]? | select(.cluster.name == "${name}")`, file], {
              maxBuffer: 1 << 26,
            }),
          ),
        );
    }
    // Peak memory of a fresh process that reads the file and slices it, against the dump size.
    const mem = spawnSync(
      process.execPath,
      [
        '-e',
        `
      const { readFileSync } = require('node:fs');
      const t = readFileSync(${JSON.stringify(file)}, 'utf8'); const d = JSON.parse(t);
      process.stdout.write(String(process.resourceUsage().maxRSS * 1024));`,
      ],
      { encoding: 'utf8' },
    );
    const peak = Number(mem.stdout);
    const base = median(parse);
    console.log(`  ${String(mb).padStart(3)} MB (${(text.length / 1048576).toFixed(0)} MB, ${clusters} clusters), median of ${rounds}`);
    console.log(`     JSON.parse (baseline)                 ${base.toFixed(0).padStart(7)} ms   ×1.00`);
    console.log(
      `     dashboard slice (parse+find+lines)    ${median(slice).toFixed(0).padStart(7)} ms   ×${(median(slice) / base).toFixed(2)}`,
    );
    if (hasJq)
      console.log(
        `     jq select of the same cluster         ${median(jq).toFixed(0).padStart(7)} ms   ×${(median(jq) / base).toFixed(2)}`,
      );
    console.log(
      `     to the browser: ${(sent / 1024).toFixed(1)} KiB; peak RSS reading + parsing: ${(peak / 1048576).toFixed(0)} MB = ×${(peak / text.length).toFixed(1)} the dump`,
    );
  }
  if (!hasJq) console.log('  (jq not installed: its column was skipped; apt-get install jq)');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
