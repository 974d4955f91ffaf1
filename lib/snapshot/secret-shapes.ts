// The credential shapes a snapshot must not carry, wherever they sit in a line of text. PEM blocks,
// which span lines, are handled in redact.ts; everything else is one pattern here.
//
// Every pattern runs in time linear in the line, whatever the line holds, because:
// - it starts at a literal, or at the start of a token: a lookbehind such as (?<![\w-]) refuses to
//   start inside a run of characters a failed attempt has already read, so no run is re-read from
//   each of its positions;
// - each repeated class is followed by something it cannot match (or by nothing), and no
//   quantifier is nested in another, so a failed attempt gives back at most what it read.
// redact.test.ts feeds every pattern 200,000-character adversarial lines to hold this.

export interface SecretShape {
  /** What the secret is, as a reader of a leaked snapshot would name it. */
  name: string;
  /** Global. Group 1, when the pattern has one, is the label before the secret: it is kept. */
  pattern: RegExp;
  /** A check on the matched secret, where the shape alone would also catch ordinary words. */
  confirm?: (secret: string) => boolean;
}

/** Standard or URL-safe base64 as a byte string, or undefined when it is not base64. */
function decodeBase64(s: string): string | undefined {
  const standard = s.replaceAll('-', '+').replaceAll('_', '/');
  try {
    return atob(standard.padEnd(Math.ceil(standard.length / 4) * 4, '='));
  } catch {
    return undefined;
  }
}

// Character tests as loops, not patterns: every pattern here is one the linear-time test covers.
const isDigit = (c: string) => c >= '0' && c <= '9';
const isPrintable = (c: string) => c >= ' ' && c <= '~';

// HTTP Basic credentials are base64 of `user:password`; "Basic configuration" is not.
function isUserPassword(s: string): boolean {
  const text = decodeBase64(s) ?? '';
  return text.indexOf(':') > 0 && [...text].every(isPrintable);
}
// Tokens carry digits or run long; "Bearer authentication" in a sentence does neither.
const isTokenLike = (s: string) => s.length >= 24 || [...s].some(isDigit);
// A Discord bot token starts with the bot's numeric user id (a snowflake), base64-encoded.
function startsWithUserId(s: string): boolean {
  const id = decodeBase64(s.slice(0, s.indexOf('.'))) ?? '';
  return id.length >= 17 && id.length <= 20 && [...id].every(isDigit);
}

// A value after `key=` or `"key": "` in query strings, connection strings and JSON text.
const ASSIGNED = String.raw`[^\s"'\x60,;&<>]+`;
const QUOTED = String.raw`(?:[^"\\]|\\.)+`;

export const SECRET_SHAPES: readonly SecretShape[] = [
  { name: 'JSON Web Token', pattern: /(?<![\w-])eyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/g },
  { name: 'Bearer token', pattern: /(?<![\w-])(Bearer[ \t]+)[\w.~+/-]{8,}=*/gi, confirm: isTokenLike },
  { name: 'HTTP Basic credentials', pattern: /(?<![\w-])(Basic[ \t]+)[A-Za-z0-9+/]{4,}={0,2}/gi, confirm: isUserPassword },
  { name: 'AWS access key id', pattern: /(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])/g },
  {
    name: 'AWS secret access key or session token',
    pattern: /(?<![\w-])((?:aws_)?(?:secret_?access_?key|session_?token)["']?[ \t]*[:=][ \t]*["']?)[A-Za-z0-9/+=]{16,}/gi,
  },
  { name: 'Google API key', pattern: /(?<![\w-])AIza[\w-]{35}(?![\w-])/g },
  {
    // GCP service-account JSON keeps its key in "private_key"; the others are JSON text pasted into a
    // message, under their own names or suffixed ones ("client_secret", "refresh_token").
    name: 'private key or credential in JSON text',
    pattern: new RegExp(
      String.raw`("(?:[\w-]*_)?(?:private_key|password|passwd|secret|token|api_?key|access_?key)"[ \t]*:[ \t]*")${QUOTED}`,
      'gi',
    ),
  },
  {
    // The lookbehind lets `DB_PASSWORD=` and `client_secret=` in, and keeps `mypassword=` out.
    name: 'password or token in a query or connection string',
    pattern: new RegExp(String.raw`(?<![A-Za-z0-9])((?:password|passwd|secret|token|api_?key|access_?key)=)${ASSIGNED}`, 'gi'),
  },
  { name: 'Azure storage or Service Bus key', pattern: /(?<![\w-])((?:AccountKey|SharedAccessKey)=)[A-Za-z0-9+/]{16,}={0,2}/gi },
  { name: 'Azure SAS signature', pattern: /([?&;]sig=)[\w%+/=-]{16,}/gi },
  { name: 'GitHub token', pattern: /(?<![\w-])(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_\w{30,})/g },
  { name: 'GitLab token', pattern: /(?<![\w-])gl(?:pat|dt|rt|ptt|soat)-[\w-]{20,}/g },
  { name: 'Slack token', pattern: /(?<![\w-])(?:xox[abeprs]|xapp)-[A-Za-z0-9-]{10,}/g },
  { name: 'Slack webhook', pattern: /(hooks\.slack\.com\/(?:services|workflows|triggers)\/)[\w/-]{8,}/g },
  { name: 'Discord webhook', pattern: /(discord(?:app)?\.com\/api\/webhooks\/\d{1,20}\/)[\w-]{20,}/g },
  {
    name: 'Discord bot token',
    pattern: /(?<![\w-])[MNO][\w-]{23,27}\.[\w-]{6}\.[\w-]{27,40}(?![\w-])/g,
    confirm: startsWithUserId,
  },
  {
    // Keeps scheme, user and host: `postgres://app:[redacted]@db:5432`. The password runs to the
    // last `@` of the authority, as URL parsers read it.
    name: 'password in a URL',
    pattern: /(?<![A-Za-z0-9+.-])([A-Za-z][A-Za-z0-9+.-]{0,31}:\/\/[^\s:@/?#"'<>\\]*:)[^\s/?#"'<>\\]+(?=@)/g,
  },
  {
    // base64 of "-----BEGIN" at each of the three byte alignments, as protojson prints inline_bytes.
    name: 'base64 PEM block',
    pattern: /(?:LS0tLS1CRUdJT|LS0tQkVHSU4|LS0tLUJFR0lO)[A-Za-z0-9+/=]*/g,
  },
];
