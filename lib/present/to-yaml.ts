// YAML text of JSON data, as kubectl users read it: two-space indent, keys in the object's order,
// sequences indented under their key, no folding. The policy form's preview, the guide and the
// review diff all show it, so it must load with the page; the yaml library (31 KiB gzip) would put
// the policy page far over issue 13's budget, and it stays for reading what people type (the YAML
// tab). Its output for policies is the library's, byte for byte (lib/present/to-yaml.test.ts), and
// any JSON value reads back unchanged under YAML 1.2 and under YAML 1.1, which kubectl's parser
// follows (so `yes`, `on` or `0x1F` are quoted).

/** A string a YAML 1.1 or 1.2 reader would take for something else, or that plain style cannot hold. */
function needsQuotes(s: string): boolean {
  if (!/^[A-Za-z0-9_./][A-Za-z0-9_./ -]*$/.test(s) || s.endsWith(' ')) return true;
  return (
    /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL)$/.test(s) ||
    /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?$/.test(s) || // numbers, "." and "1_000" (1.1)
    /^[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)$/.test(s) ||
    /^0(?:x[0-9a-fA-F_]+|o[0-7_]+|b[01_]+)$/.test(s) ||
    /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}/.test(s) // a 1.1 timestamp
  );
}

/** Double-quoted: JSON's escapes are YAML's, plus the characters YAML may not hold raw. */
const quoted = (s: string) =>
  JSON.stringify(s).replace(/[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

function scalar(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new TypeError(`${v} is not a JSON number`);
    const s = String(v === 0 ? 0 : v);
    // "1e+21" is a float in YAML 1.2 but a string in 1.1, which wants a dot: "1.0e+21".
    return /e/.test(s) && !s.includes('.') ? s.replace('e', '.0e') : s;
  }
  if (typeof v === 'string') return v !== '' && !needsQuotes(v) ? v : quoted(v);
  throw new TypeError(`${typeof v} is not JSON data`);
}

// lib/envoy/json.ts has the same test (isObject); importing it costs the policy page 0.1 KiB of
// its first load, which is at the 150 KiB budget.
const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const entriesOf = (m: Record<string, unknown>) => Object.entries(m).filter(([, v]) => v !== undefined);

/** The lines of `v` at indent 0; a collection's lines, a scalar's one line. */
function lines(v: unknown, depth: number): string[] {
  if (depth > 128) throw new RangeError('nested deeper than 128 levels');
  if (Array.isArray(v)) {
    if (v.length === 0) return ['[]'];
    return v.flatMap((item) => {
      const [first, ...rest] = lines(item ?? null, depth + 1);
      return [`- ${first}`, ...rest.map((l) => `  ${l}`)];
    });
  }
  if (isMap(v)) {
    const entries = entriesOf(v);
    if (entries.length === 0) return ['{}'];
    return entries.flatMap(([k, value]) => {
      const key = scalar(k);
      const nested = (Array.isArray(value) && value.length > 0) || (isMap(value) && entriesOf(value).length > 0);
      if (!nested) return [`${key}: ${lines(value, depth + 1)[0]}`];
      return [`${key}:`, ...lines(value, depth + 1).map((l) => `  ${l}`)];
    });
  }
  return [scalar(v)];
}

/** YAML text of JSON data (undefined members left out, as JSON.stringify does), ending in a newline. */
export function toYaml(value: unknown): string {
  return `${lines(value, 0).join('\n')}\n`;
}
