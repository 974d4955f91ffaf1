// Part of npm run bench: micro-benchmarks reported as ratios against a baseline measured in the same
// run, interleaved round by round, so the numbers mean the same on a slow or a busy machine.
//
// config-dump: finding one cluster's tcp_keepalive in a real dump from the local Envoy
// (fixtures/envoy/), against the baseline of only JSON.parse-ing that dump — a cost the dashboard
// cannot avoid. The lookup should add little on top of it.
import { readFileSync } from 'node:fs';
import { findCluster, listClusters, tcpKeepaliveOf } from '../lib/envoy/config-dump.ts';

type Case = { label: string; fn: () => unknown };

function timeRound(fn: () => unknown, ms: number): number {
  let ops = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    fn();
    ops++;
    elapsed = performance.now() - start;
  }
  return (elapsed * 1000) / ops; // µs per op
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Rounds of each case in turn; the first case is the baseline. */
function compare(title: string, cases: Case[], rounds = 15, roundMs = 100): void {
  for (const c of cases) timeRound(c.fn, roundMs); // warm-up
  const samples = cases.map(() => [] as number[]);
  for (let r = 0; r < rounds; r++) cases.forEach((c, i) => samples[i]!.push(timeRound(c.fn, roundMs)));
  const base = median(samples[0]!);
  console.log(`\n${title}`);
  cases.forEach((c, i) => {
    const m = median(samples[i]!);
    console.log(`  ${c.label.padEnd(48)} ${m.toFixed(1).padStart(9)} µs/op   ×${(m / base).toFixed(3)}`);
  });
}

const dumpText = readFileSync(new URL('../fixtures/envoy/config-dump-httpbin-keepalive.json', import.meta.url), 'utf8');
const parsed = JSON.parse(dumpText);
console.log(`config dump fixture: ${(dumpText.length / 1024).toFixed(1)} KiB, ${listClusters(parsed).length} clusters`);

compare('config dump: keepalive of kube_httpbin_httpbin_8000 (baseline: JSON.parse alone)', [
  { label: 'JSON.parse (baseline)', fn: () => JSON.parse(dumpText) },
  {
    label: 'JSON.parse + findCluster + tcpKeepaliveOf',
    fn: () => tcpKeepaliveOf(findCluster(JSON.parse(dumpText), 'kube_httpbin_httpbin_8000')!.cluster),
  },
  {
    label: 'findCluster + tcpKeepaliveOf on a parsed dump',
    fn: () => tcpKeepaliveOf(findCluster(parsed, 'kube_httpbin_httpbin_8000')!.cluster),
  },
]);
