import { celEnv, isCelError, parse, plan } from '@bufbuild/cel';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GEP_2257_PATTERN, parseDuration } from './duration';

// Issue 13: the dashboard's duration parser against CEL's duration(), which the API server runs
// for kgateway's rules with Go's time.ParseDuration semantics (cel-go; @bufbuild/cel follows the
// same conformance suite). On every text the CRD's pattern accepts, both give the same length; on
// every other text the dashboard refuses, whatever CEL would make of it.

const env = celEnv({});
/** CEL's verdict on `duration(text) == duration('<ms>ms')`, or 'error' when CEL refuses the text. */
function celEquals(text: string, ms: number): boolean | 'error' {
  const quoted = JSON.stringify(text); // a CEL string literal (double quotes, JSON escapes)
  const r = plan(env, parse(`duration(${quoted}) == duration("${ms}ms")`))({});
  if (isCelError(r)) return 'error';
  return r as boolean;
}
function celAccepts(text: string): boolean {
  const r = plan(env, parse(`duration(${JSON.stringify(text)})`))({});
  return !isCelError(r);
}

const unit = fc.constantFrom('h', 'm', 's', 'ms');
const gep = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 99_999 }), unit), { minLength: 1, maxLength: 4 })
  .map((parts) => parts.map(([n, u]) => `${n}${u}`).join(''));
/** Texts near the pattern: other units, signs, fractions, spaces, leading zeros, too many digits or parts. */
const nearly = fc
  .array(
    fc.tuple(
      fc.oneof(fc.integer({ min: 0, max: 999_999 }).map(String), fc.constantFrom('1.5', '-1', '+2', '00007', '', ' 1')),
      fc.constantFrom('h', 'm', 's', 'ms', 'us', 'µs', 'ns', 'd', 'S', 'H', ''),
    ),
    { minLength: 0, maxLength: 6 },
  )
  .map((parts) => parts.map(([n, u]) => `${n}${u}`).join(''));

describe('parseDuration against CEL duration(), fuzzed', () => {
  it('every text the CRD pattern accepts: the same length as CEL', () => {
    fc.assert(
      fc.property(gep, (text) => {
        expect(GEP_2257_PATTERN.test(text)).toBe(true);
        const ms = parseDuration(text);
        expect(ms).toBeTypeOf('number');
        expect(celEquals(text, ms!)).toBe(true);
      }),
      { numRuns: 1000, seed: 1212 },
    );
  });

  it('texts near the pattern: accepted exactly when the pattern accepts them, and then CEL agrees', () => {
    let celOnly = 0;
    fc.assert(
      fc.property(fc.oneof(nearly, fc.string({ maxLength: 24 })), (text) => {
        const ms = parseDuration(text);
        expect(ms !== undefined).toBe(GEP_2257_PATTERN.test(text));
        if (ms !== undefined) expect(celEquals(text, ms)).toBe(true);
        else if (celAccepts(text)) celOnly++; // CEL takes it (1.5s, -1s, 1us…); the CRD's pattern rule refuses it first
      }),
      { numRuns: 2000, seed: 1213 },
    );
    // The generator does reach texts CEL takes and the CRD does not: the property is not vacuous.
    expect(celOnly).toBeGreaterThan(20);
  });
});
