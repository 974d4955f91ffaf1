import { describe, expect, it } from 'vitest';
import { compareExact, parseQuantity, type Exact } from './cel-quantity';

// Kubernetes quantities as resource.ParseQuantity reads them, compared exactly.

const q = (s: string) => parseQuantity(s) as Exact;

describe('parseQuantity', () => {
  it('reads binary and decimal suffixes, fractions and exponents exactly', () => {
    expect(compareExact(q('64Ki'), q('65536'))).toBe(0);
    expect(compareExact(q('2Gi'), q('2147483648'))).toBe(0);
    expect(compareExact(q('1.5k'), q('1500'))).toBe(0);
    expect(compareExact(q('2e3'), q('2000'))).toBe(0);
    expect(compareExact(q('100m'), q('0.1'))).toBe(0);
    expect(compareExact(q('65534.5'), q('65534'))).toBe(1);
    expect(compareExact(q('-1'), q('0'))).toBe(-1);
  });
  it('refuses what is not a quantity with the words of the API server', () => {
    for (const bad of ['abc', '', '1 Ki', 'Ki', '.'])
      expect(parseQuantity(bad)).toMatch(/quantities must match the regular expression|suffix/);
  });
});
