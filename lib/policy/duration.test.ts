import { describe, expect, it } from 'vitest';
import { envoyWholeSeconds, formatSeconds, parseDuration } from './duration';

describe('parseDuration (GEP-2257, as the CRD accepts it)', () => {
  it.each([
    ['30s', 30_000],
    ['5s', 5_000],
    ['1m30s', 90_000],
    ['1500ms', 1_500],
    ['1s500ms', 1_500],
    ['2h', 7_200_000],
    ['20m', 1_200_000],
    ['99999ms', 99_999],
    ['1h1m1s1ms', 3_661_001],
    ['1s1s', 2_000],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  // The examples kgateway's CRD and GEP-2257 reject.
  it.each(['1.5s', '-1s', '1d', '100000s', '1us', '1ns', ' 1s', '1s ', '', 's', '1', '1h1m1s1ms1h', '1S'])(
    '%j is not a GEP-2257 duration',
    (text) => {
      expect(parseDuration(text)).toBeUndefined();
    },
  );
});

describe('envoyWholeSeconds (kgateway truncates to whole seconds)', () => {
  it.each([
    ['30s', 30],
    ['1m30s', 90],
    ['20m', 1200],
    ['2h', 7200],
    ['1500ms', 1],
    ['1s999ms', 1],
    ['999ms', 0],
  ])('%s reaches Envoy as %d', (text, seconds) => {
    expect(envoyWholeSeconds(parseDuration(text)!)).toBe(seconds);
  });
});

describe('formatSeconds', () => {
  it('shows fractions only when there are some', () => {
    expect(formatSeconds(90_000)).toBe('90 s');
    expect(formatSeconds(1_500)).toBe('1.5 s');
    expect(formatSeconds(1_001)).toBe('1.001 s');
  });
});
