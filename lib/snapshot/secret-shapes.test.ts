import { describe, expect, it } from 'vitest';
import { jsonLines } from '@/lib/envoy/cluster-view';
import { REDACTED, REDACTION_PATTERNS, redactLines, redactText } from './redact';
import { SECRET_SHAPES } from './secret-shapes';

// One real-looking sample per credential shape, every one of them fake: AWS's and Azurite's
// documented example keys, Slack's and Discord's documentation tokens, the rest made up.
interface Sample {
  shape: string;
  text: string;
  /** Must be gone after redaction. */
  secrets: string[];
  /** Must still be there: the text around the secret. */
  kept: string[];
}

const PEM_KEY = [
  'tls.key: |',
  '  -----BEGIN RSA PRIVATE KEY-----',
  '  MIIEowIBAAKCAQEAFAKEFAKEFAKEFAKEkeyMaterialOnlyForTests0123456789',
  '  Proc-Type: 4,ENCRYPTED',
  '  c2VlIHRoZSB0ZXN0cyBmb3IgdGhlIHJlZGFjdGlvbiBvZiBQRU0gYmxvY2tz',
  '  -----END RSA PRIVATE KEY-----',
  'tls.crt: see the Secret httpbin-client',
].join('\n');

const SAMPLES: Sample[] = [
  {
    shape: 'JSON Web Token',
    text: 'token from the ServiceAccount: eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQifQ.c2lnbmF0dXJl (expired)',
    secrets: ['eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ', 'c2lnbmF0dXJl'],
    kept: ['token from the ServiceAccount: ', ' (expired)'],
  },
  {
    shape: 'Bearer token',
    text: 'curl -H "Authorization: Bearer kgw.9f3c2a71e4b8d05f6a1c7e2b" http://127.0.0.1:19000/config_dump',
    secrets: ['kgw.9f3c2a71e4b8d05f6a1c7e2b'],
    kept: ['curl -H "Authorization: Bearer ', '" http://127.0.0.1:19000/config_dump'],
  },
  {
    shape: 'HTTP Basic credentials',
    text: 'Authorization: Basic ZGFzaGJvYXJkOmh1bnRlcjI= was refused',
    secrets: ['ZGFzaGJvYXJkOmh1bnRlcjI='],
    kept: ['Authorization: Basic ', ' was refused'],
  },
  {
    shape: 'AWS access key id',
    text: 'aws_access_key_id=AKIAIOSFODNN7EXAMPLE, temporary ASIAEXAMPLE0EXAMPLE0 too',
    secrets: ['AKIAIOSFODNN7EXAMPLE', 'ASIAEXAMPLE0EXAMPLE0'],
    kept: ['aws_access_key_id=', ', temporary ', ' too'],
  },
  {
    shape: 'AWS secret access key or session token',
    text: 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY # from ~/.aws/credentials',
    secrets: ['wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'],
    kept: ['aws_secret_access_key = ', ' # from ~/.aws/credentials'],
  },
  {
    shape: 'Google API key',
    text: 'maps key AIzaSyA-FAKE-KEY-0123456789abcdefghijkl in the config',
    secrets: ['AIzaSyA-FAKE-KEY-0123456789abcdefghijkl'],
    kept: ['maps key ', ' in the config'],
  },
  {
    shape: 'private key or credential in JSON text',
    text: '{"type": "service_account", "project_id": "demo", "private_key": "MIIEvgIBADANBgkqhkiG9w0BAQEFAKE\\nMIIE=", "client_email": "demo@demo.iam.gserviceaccount.com"}',
    secrets: ['MIIEvgIBADANBgkqhkiG9w0BAQEFAKE', 'MIIE='],
    kept: ['{"type": "service_account", "project_id": "demo", "private_key": "', '", "client_email": "demo@demo.iam.gserviceaccount.com"}'],
  },
  {
    shape: 'private key or credential in JSON text',
    text: 'OAuth client: {"client_id": "dashboard", "client_secret": "FAKE-oauth-secret-0123"}',
    secrets: ['FAKE-oauth-secret-0123'],
    kept: ['{"client_id": "dashboard", "client_secret": "', '"}'],
  },
  {
    shape: 'password or token in a query or connection string',
    text: 'Server=db.orders;User Id=app;Password=Tr0ub4dor3x;Encrypt=true and GET /v1/items?api_key=FAKEapikey0123&page=2',
    secrets: ['Tr0ub4dor3x', 'FAKEapikey0123'],
    kept: ['Server=db.orders;User Id=app;Password=', ';Encrypt=true and GET /v1/items?api_key=', '&page=2'],
  },
  {
    shape: 'Azure storage or Service Bus key',
    text: 'DefaultEndpointsProtocol=https;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;EndpointSuffix=core.windows.net',
    secrets: ['Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq', 'KBHBeksoGMGw=='],
    kept: ['AccountName=devstoreaccount1;AccountKey=', ';EndpointSuffix=core.windows.net'],
  },
  {
    shape: 'Azure SAS signature',
    text: 'https://demo.blob.core.windows.net/dumps/envoy.json?sv=2022-11-02&sr=b&sp=r&se=2026-12-01T00%3A00%3A00Z&sig=FAKEsig0123456789abcdefghij%2BFAKE%3D done',
    secrets: ['FAKEsig0123456789abcdefghij%2BFAKE%3D'],
    kept: ['https://demo.blob.core.windows.net/dumps/envoy.json?sv=2022-11-02&sr=b&sp=r&se=2026-12-01T00%3A00%3A00Z&sig=', ' done'],
  },
  {
    shape: 'GitHub token',
    text: 'GITHUB_TOKEN=ghp_FAKE0123456789abcdefghijklmnopqrstuv and github_pat_11FAKE0123456789abcdef_FAKEfineGrained0123456789abcdefghijklmnopqrstuvwxyzABCDEFG.',
    secrets: ['ghp_FAKE0123456789abcdefghijklmnopqrstuv', 'github_pat_11FAKE0123456789abcdef_FAKEfineGrained'],
    kept: ['GITHUB_TOKEN=', ' and ', '.'],
  },
  {
    shape: 'GitLab token',
    text: 'git clone https://oauth2:glpat-FAKE0123456789abcdef@gitlab.example.com/demo.git',
    secrets: ['glpat-FAKE0123456789abcdef'],
    kept: ['git clone https://oauth2:', '@gitlab.example.com/demo.git'],
  },
  {
    shape: 'Slack token',
    text: 'SLACK_BOT_TOKEN: xoxb-0000000000-0000000000000-FAKEFAKEFAKEFAKEFAKEFAKE; user xoxp-0000000000-0000000000-FAKEFAKEFAKE',
    secrets: ['xoxb-0000000000-0000000000000-FAKEFAKEFAKEFAKEFAKEFAKE', 'xoxp-0000000000-0000000000-FAKEFAKEFAKE'],
    kept: ['SLACK_BOT_TOKEN: ', '; user '],
  },
  {
    shape: 'Slack webhook',
    text: 'alerts go to https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX now',
    secrets: ['T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX'],
    kept: ['alerts go to https://hooks.slack.com/services/', ' now'],
  },
  {
    shape: 'Discord webhook',
    text: 'POST https://discord.com/api/webhooks/123456789012345678/FAKE-token_0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ01 failed',
    secrets: ['FAKE-token_0123456789abcdefghijklmnopqrstuvwxyz'],
    kept: ['POST https://discord.com/api/webhooks/123456789012345678/', ' failed'],
  },
  {
    shape: 'Discord bot token',
    text: 'Authorization: Bot MTk4NjIyNDgzNDcxOTI1MjQ4.Cl2FMQ.ZnCjm1XVW7vRze4b7Cq4se7kKWs',
    secrets: ['MTk4NjIyNDgzNDcxOTI1MjQ4', 'ZnCjm1XVW7vRze4b7Cq4se7kKWs'],
    kept: ['Authorization: Bot '],
  },
  {
    shape: 'password in a URL',
    text: 'DATABASE_URL=postgres://orders:s3cr3t-Passw0rd@db.orders.svc:5432/orders?sslmode=require, cache redis://:p@ss:w0rd@cache:6379/0',
    secrets: ['s3cr3t-Passw0rd', 'p@ss:w0rd'],
    kept: ['DATABASE_URL=postgres://orders:', '@db.orders.svc:5432/orders?sslmode=require, cache redis://:', '@cache:6379/0'],
  },
  {
    shape: 'base64 PEM block',
    text: 'data: { tls.crt: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJGQUtF }',
    secrets: ['LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJGQUtF'],
    kept: ['data: { tls.crt: ', ' }'],
  },
  {
    shape: 'PEM block',
    text: 'ca: -----BEGIN CERTIFICATE-----MIIBszCCAVmgAwIBAgIUFAKE-----END CERTIFICATE----- (from the Secret)',
    secrets: ['BEGIN CERTIFICATE', 'MIIBszCCAVmgAwIBAgIUFAKE', 'END CERTIFICATE'],
    kept: ['ca: ', ' (from the Secret)'],
  },
  {
    shape: 'PEM block',
    text: PEM_KEY,
    secrets: ['BEGIN RSA PRIVATE KEY', 'MIIEowIBAAKCAQEAFAKE', 'Proc-Type', 'c2VlIHRoZSB0ZXN0cyBm', 'END RSA PRIVATE KEY'],
    kept: ['tls.key: |\n', 'tls.crt: see the Secret httpbin-client'],
  },
];

const lineCount = (s: string) => s.split('\n').length;

describe('SECRET_SHAPES', () => {
  it('has a sample for every shape, and each sample is one its shape matches', () => {
    const named = new Set(SAMPLES.map((s) => s.shape));
    expect(named).toEqual(new Set([...SECRET_SHAPES.map((s) => s.name), 'PEM block']));
    for (const sample of SAMPLES.filter((s) => s.shape !== 'PEM block')) {
      expect(sample.text.match(SECRET_SHAPES.find((s) => s.name === sample.shape)!.pattern), sample.shape).not.toBeNull();
    }
  });

  it.each(SAMPLES.map((s, i) => [`${i}: ${s.shape}`, s] as const))(
    'redacts %s in free text, keeping the words around it and the line count',
    (_, { text, secrets, kept }) => {
      for (const secret of secrets) expect(text).toContain(secret); // the sample has it
      const out = redactText(text);
      for (const secret of secrets) expect(out).not.toContain(secret);
      for (const k of kept) expect(out).toContain(k);
      expect(out).toContain(REDACTED);
      expect(lineCount(out)).toBe(lineCount(text));
    },
  );

  it.each(SAMPLES.map((s, i) => [`${i}: ${s.shape}`, s] as const))(
    'redacts %s held in a cluster value, leaving JSON with the same lines',
    (_, { text, secrets }) => {
      const lines = jsonLines({ name: 'kube_httpbin_httpbin_8000', metadata: { filter_metadata: { note: text } }, connect_timeout: '5s' });
      const out = redactLines(lines);
      const joined = out.map((l) => l.text).join('\n');
      for (const secret of secrets) expect(joined).not.toContain(secret);
      expect(out).toHaveLength(lines.length);
      const back = JSON.parse(joined) as { name: string; connect_timeout: string; metadata: { filter_metadata: { note: string } } };
      expect([back.name, back.connect_timeout]).toEqual(['kube_httpbin_httpbin_8000', '5s']);
      expect(back.metadata.filter_metadata.note).toContain(REDACTED);
    },
  );

  it('redacts every line a PEM block spans, and only those', () => {
    expect(redactText(PEM_KEY).split('\n')).toEqual([
      'tls.key: |',
      '  [redacted]',
      '  [redacted]',
      '  [redacted]',
      '  [redacted]',
      '  [redacted]',
      'tls.crt: see the Secret httpbin-client',
    ]);
    // Unterminated, the block runs to the end, as a truncated paste would.
    expect(redactText('key:\n-----BEGIN PRIVATE KEY-----\nMIIE\n\nMIIF\r\n')).toBe('key:\n[redacted]\n[redacted]\n\n[redacted]\r\n');
  });
});

describe('what is not a secret', () => {
  const ORDINARY = [
    'Basic configuration applies to every Service; Basic auth is off',
    'use Bearer authentication for the admin API, or a Bearer token',
    'See https://kgateway.dev/docs/latest/ and http://[::1]:19000/config_dump?include_eds',
    'git clone ssh://git@github.com:22/kgateway-dev/kgateway.git, mail admin@example.com',
    'http://user@host:8080/path and https://host:8443/a@b',
    'kube_httpbin_httpbin_8000 sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    'arn:aws:iam::123456789012:role/demo; AKIA is where an access key id starts',
    'The password field is required; token_bucket fills at 10/s; secretRef names the Secret',
    'MyServiceAccountNameHere.abcdef.ghijklmnopqrstuvwxyz0123456',
    '"@type": "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext",',
    'sni: httpbin.example, eyJ alone, ghp_short, xoxb-short, glpat-short',
  ];

  it.each(ORDINARY)('leaves %s as it is', (text) => {
    expect(redactText(text)).toBe(text);
  });
});

// Adversarial lines for every pattern: each shape's opening repeated, or followed by a long run of
// one character, at 200,000 characters. A pattern that backtracks (the old JWT one read the rest of
// the line from every "eyJ" in "eyJ-eyJ-…") takes minutes on these and fails on vitest's timeout;
// a linear one takes milliseconds. No times are asserted.
const OPENINGS = [
  'eyJ',
  'eyJa.',
  'Bearer ',
  'Basic ',
  'AKIA',
  'aws_secret_access_key=',
  'AIza',
  '"private_key": "',
  '"a_token": "',
  'password=',
  'AccountKey=',
  '&sig=',
  'ghp_',
  'github_pat_',
  'glpat-',
  'xoxb-',
  'hooks.slack.com/services/',
  'discord.com/api/webhooks/1/',
  'MTk4NjIy',
  'x://',
  'x://u:',
  'LS0tLS1CRUdJT',
  '-----BEGIN',
  '-----END',
  '"k": "',
  '"',
  ' ',
];
const RUNS = ['a', ' ', '.', ':', '-', '=', '@', '\\', 'a.', 'a-', 'a_', 'a:'];
const LENGTH = 200_000;
const fill = (unit: string) => unit.repeat(Math.ceil(LENGTH / unit.length)).slice(0, LENGTH);

describe('linear time', () => {
  it.each(OPENINGS)('every pattern, and redaction as a whole, get through lines built on %j', (opening) => {
    const lines = [fill(opening), ...RUNS.flatMap((run) => [opening + fill(run), fill(opening + run)])];
    for (const line of lines) {
      for (const pattern of REDACTION_PATTERNS) expect(typeof line.replace(pattern, REDACTED)).toBe('string');
      expect(lineCount(redactText(line))).toBe(1);
      expect(redactLines([{ text: line, highlight: false }])).toHaveLength(1);
    }
  });
});
