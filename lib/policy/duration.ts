// Gateway API GEP-2257 durations, as kgateway's CRDs accept them, and what Envoy makes of them.

/** The CRD's CEL `matches` pattern, verbatim. */
export const GEP_2257_PATTERN = /^([0-9]{1,5}(h|m|s|ms)){1,4}$/;

const UNIT_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1 };

/**
 * Milliseconds in a GEP-2257 duration, or undefined when the text does not match the CRD's
 * pattern. Repeated units add up (`1s1s` is 2 s), as Go's time.ParseDuration, which the API
 * server's CEL `duration()` and kgateway both use, does.
 */
export function parseDuration(text: string): number | undefined {
  if (!GEP_2257_PATTERN.test(text)) return undefined;
  let total = 0;
  for (const m of text.matchAll(/([0-9]{1,5})(ms|h|m|s)/g)) total += Number(m[1]) * UNIT_MS[m[2]!]!;
  return total;
}

/** What kgateway hands Envoy for a keepalive duration: whole seconds, truncated (`uint32(d.Seconds())`). */
export function envoyWholeSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}

/** `90s`, `1m30s` → "90 s"; `1500ms` → "1.5 s". */
export function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(3).replace(/0+$/, '')} s`;
}
