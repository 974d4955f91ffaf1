import type { JsonLine } from '@/lib/envoy/cluster-view';
import type { Json } from '@/lib/envoy/config-dump';
import { SECRET_SHAPES, type SecretShape } from './secret-shapes';

// Nothing in a snapshot may hold a secret: key material under the keys that hold it, PEM blocks and
// every credential shape in secret-shapes.ts are replaced by "[redacted]" before anything is written.
// Redaction works within a line and never adds or removes one, so line numbers in a shared link
// still point at the same lines. Pure, and safe in the browser.

export const REDACTED = '[redacted]';

/**
 * Keys whose values (and everything under them) are key or certificate material, or paths to it:
 * Envoy's DataSource holders in a TLS context, and their BackendConfigPolicy spellings; and the
 * names credentials go by elsewhere. Compared without `_`, `-` and case, so `private_key` and
 * `privateKey` are one entry.
 */
const SENSITIVE_KEYS = new Set([
  'privatekey',
  'password',
  'passwd',
  'inlinebytes',
  'inlinestring',
  'certificatechain',
  'trustedca',
  'ocspstaple',
  'sessionticketkeys',
  'privatekeyprovider',
  'tlskey',
  'token',
  'bearertoken',
  'accesstoken',
  'refreshtoken',
  'sessiontoken',
  'awssessiontoken',
  'clientsecret',
  'apikey',
  'hmacsecret',
  'secretaccesskey',
  'awssecretaccesskey',
  'accountkey',
  'sharedaccesskey',
]);
const isSensitiveKey = (key: string) => SENSITIVE_KEYS.has(key.replaceAll('_', '').replaceAll('-', '').toLowerCase());

const BEGIN = '-----BEGIN';
const END = '-----END';
const DASHES = '-----';

/**
 * `line` with each PEM block on it replaced, from `-----BEGIN` through its `-----END …-----`. A block
 * still open at the end of the line (`open` on return) goes on into the next: those lines are
 * redacted whole, keeping their indentation. indexOf only, each search starting past the last.
 */
function redactPem(line: string, open: boolean): { text: string; open: boolean } {
  let at = open ? line.length - line.trimStart().length : 0;
  let out = line.slice(0, at);
  let from = at; // where the open block's END marker may start
  let inBlock = open;
  for (;;) {
    if (!inBlock) {
      const begin = line.indexOf(BEGIN, at);
      if (begin < 0) return { text: out + line.slice(at), open: false };
      out += line.slice(at, begin);
      at = begin;
      from = begin + BEGIN.length;
    }
    const end = line.indexOf(END, from);
    const close = end < 0 ? -1 : line.indexOf(DASHES, end + END.length);
    if (close < 0) {
      const rest = line.slice(at);
      const body = rest.trimEnd();
      return { text: out + (body ? REDACTED : '') + rest.slice(body.length), open: true };
    }
    out += REDACTED;
    at = close + DASHES.length;
    inBlock = false;
  }
}

function redactShape(text: string, { pattern, confirm }: SecretShape): string {
  return text.replace(pattern, (match: string, ...groups: unknown[]) => {
    // Group 1 is the label before the secret; without one, replace's next argument is the offset.
    const keep = typeof groups[0] === 'string' ? groups[0] : '';
    return confirm && !confirm(match.slice(keep.length)) ? match : `${keep}${REDACTED}`;
  });
}

function redactLine(line: string, open: boolean): { text: string; open: boolean } {
  const pem = redactPem(line, open);
  return { text: SECRET_SHAPES.reduce(redactShape, pem.text), open: pem.open };
}

/** One value (a JSON string, a field): a PEM block in it is one span, newlines and all. */
const redactValue = (s: string) => redactLine(s, false).text;

/** Free text (messages, notes) with each secret replaced, line by line: as many lines as it had. */
export function redactText(s: string): string {
  let open = false;
  return s
    .split('\n')
    .map((line) => {
      const r = redactLine(line, open);
      open = r.open;
      return r.text;
    })
    .join('\n');
}

/** A JSON value with the primitives under sensitive keys replaced whole, and secrets in strings replaced. */
export function redactJson(v: Json, sensitive = false): Json {
  if (Array.isArray(v)) return v.map((x) => redactJson(x, sensitive));
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, redactJson(x, sensitive || isSensitiveKey(k))]));
  }
  if (v === null) return v;
  if (sensitive) return REDACTED;
  return typeof v === 'string' ? redactValue(v) : v;
}

// One line of jsonLines output: indent, optional `"key"` and `: `, the rest, optional trailing comma.
// `s`: a string may hold U+2028, which `.` would not cross.
const LINE = /^(\s*)(?:("(?:[^"\\]|\\.)*")(\s*:\s*))?(.*?)(,?)$/s;

/** A JSON literal from a line, with secrets in it replaced; re-encoded only when something was. */
function redactLiteral(literal: string): string {
  let value: unknown;
  try {
    value = literal.startsWith('"') ? JSON.parse(literal) : undefined;
  } catch {
    /* not a whole JSON string: redact the text as it is */
  }
  if (typeof value !== 'string') return redactValue(literal);
  const redacted = redactValue(value);
  return redacted === value ? literal : JSON.stringify(redacted);
}

function keyOf(literal: string | undefined): string {
  try {
    return literal === undefined ? '' : String(JSON.parse(literal));
  } catch {
    return '';
  }
}

/**
 * A cluster slice with key material and secret-shaped values replaced by "[redacted]". Works line
 * by line, tracking the key path through the brackets, so the line count and every highlight flag
 * stay as they were, and the lines still read back as JSON.
 */
export function redactLines(lines: JsonLine[]): JsonLine[] {
  // One entry per open object or array: whether it sits under a sensitive key.
  const stack: boolean[] = [];
  return lines.map((line) => {
    const m = LINE.exec(line.text);
    if (!m) return withText(line, redactValue(line.text));
    const [, indent = '', keyLiteral, separator = '', rest = '', comma = ''] = m;
    const key = keyOf(keyLiteral);
    const sensitive = (stack.at(-1) ?? false) || (key !== '' && isSensitiveKey(key));
    const keyPart = keyLiteral === undefined ? '' : `${redactLiteral(keyLiteral)}${separator}`;
    if (rest === '}' || rest === ']') {
      stack.pop();
      return line;
    }
    if (rest === '{' || rest === '[') stack.push(sensitive);
    const primitive = rest !== '{' && rest !== '[' && rest !== '{}' && rest !== '[]' && rest !== 'null';
    const value = primitive && sensitive ? `"${REDACTED}"` : redactLiteral(rest);
    return withText(line, `${indent}${keyPart}${value}${comma}`);
  });
}

/** The line itself when its text did not change, so unchanged lines stay the same objects. */
const withText = (line: JsonLine, text: string): JsonLine => (text === line.text ? line : { ...line, text });

/** Every pattern redaction runs, for the test that holds each to linear time. */
export const REDACTION_PATTERNS: readonly RegExp[] = [...SECRET_SHAPES.map((s) => s.pattern), LINE];
