import { celFunc, celMethod, CelScalar, mapType, type CelMap } from '@bufbuild/cel';

// Kubernetes' CEL quantity library (k8s.io/apiserver/pkg/cel/library/quantity.go), the part the
// kgateway CRDs use: quantity(string), isQuantity(string) and the comparisons. A quantity is exact:
// a decimal or binary-suffixed number held as numerator / 10^scale, compared with BigInt. In CEL it
// travels as a one-entry map, the only opaque value @bufbuild/cel lets a function return.

const FORMAT = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;
const WRONG = `quantities must match the regular expression '${FORMAT.source}'`;
const BINARY: Record<string, number> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

export interface Exact {
  num: bigint;
  /** The value is num / 10^scale. */
  scale: number;
}

/** Parses a Kubernetes quantity ("64Ki", "1.5", "2e3"), or says why not, as resource.ParseQuantity does. */
export function parseQuantity(s: string): Exact | string {
  const m = FORMAT.exec(s);
  if (!m) return WRONG;
  const [, number, suffix] = m as unknown as [string, string, string];
  const n = /^([+-]?)([0-9]*)(?:\.([0-9]*))?$/.exec(number);
  if (!n || (n[2] === '' && (n[3] ?? '') === '')) return WRONG;
  const sign = n[1] === '-' ? -1n : 1n;
  const frac = n[3] ?? '';
  let num = sign * BigInt(`${n[2] || '0'}${frac}` || '0');
  let scale = frac.length;
  if (suffix in BINARY) num *= 1024n ** BigInt(BINARY[suffix]!);
  else if (suffix in DECIMAL) scale -= DECIMAL[suffix]!;
  else if (/^[eE][-+]?[0-9]+$/.test(suffix)) scale -= Number(suffix.slice(1));
  else return "unable to parse quantity's suffix";
  if (scale < 0) {
    num *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { num, scale };
}

export function compareExact(a: Exact, b: Exact): number {
  const s = Math.max(a.scale, b.scale);
  const x = a.num * 10n ** BigInt(s - a.scale);
  const y = b.num * 10n ** BigInt(s - b.scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

const KEY = '@kubernetes.quantity';
const QUANTITY = mapType(CelScalar.STRING, CelScalar.STRING);
const of = (q: CelMap): Exact => {
  const [num, scale] = String(q.get(KEY)).split('/');
  return { num: BigInt(num!), scale: Number(scale) };
};

export const quantityFuncs = [
  celFunc('quantity', [CelScalar.STRING], QUANTITY, (s: string) => {
    const q = parseQuantity(s);
    if (typeof q === 'string') throw new Error(q);
    return new Map([[KEY, `${q.num}/${q.scale}`]]);
  }),
  celFunc('isQuantity', [CelScalar.STRING], CelScalar.BOOL, (s: string) => typeof parseQuantity(s) !== 'string'),
  celMethod('isGreaterThan', QUANTITY, [QUANTITY], CelScalar.BOOL, function (this: CelMap, other: CelMap) {
    return compareExact(of(this), of(other)) > 0;
  }),
  celMethod('isLessThan', QUANTITY, [QUANTITY], CelScalar.BOOL, function (this: CelMap, other: CelMap) {
    return compareExact(of(this), of(other)) < 0;
  }),
  celMethod('compareTo', QUANTITY, [QUANTITY], CelScalar.INT, function (this: CelMap, other: CelMap) {
    return BigInt(compareExact(of(this), of(other)));
  }),
];
