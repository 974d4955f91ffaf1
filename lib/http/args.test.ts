import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { invalidArgs, nameArg, namespaceArg, parseQuery, podArg, portArg, resourceVersionArg, serviceRefArg, uuidArg } from './args';

// Every argument the browser sends is parsed at the boundary: a name that is not RFC 1123, a port
// out of range or a path-like Service reference never reaches the API server or a URL the server builds.

const ok = (schema: z.ZodType, v: unknown) => schema.safeParse(v).success;

/** RFC 1123 label, spelled out rather than as a regex: 1–63 of [a-z0-9-], not starting or ending with '-'. */
function isRfc1123Label(s: string): boolean {
  const allowed = 'abcdefghijklmnopqrstuvwxyz0123456789-';
  return s.length >= 1 && s.length <= 63 && [...s].every((c) => allowed.includes(c)) && !s.startsWith('-') && !s.endsWith('-');
}

describe('namespaceArg', () => {
  it('takes an RFC 1123 label up to 63 characters', () => {
    expect(ok(namespaceArg, 'httpbin')).toBe(true);
    expect(ok(namespaceArg, 'kgateway-system')).toBe(true);
    expect(ok(namespaceArg, '0')).toBe(true);
    expect(ok(namespaceArg, 'a'.repeat(63))).toBe(true);
    expect(ok(namespaceArg, 'a'.repeat(64))).toBe(false);
  });

  it('refuses what RFC 1123 does not allow, and anything path-like', () => {
    for (const v of ['', 'Bad_Name', 'Httpbin', 'bad_name', '-a', 'a-', 'a.', '.a', 'a.b', 'a/b', '..', '../etc', 'a b', ' a', 'ä']) {
      expect(ok(namespaceArg, v), JSON.stringify(v)).toBe(false);
    }
    expect(ok(namespaceArg, undefined)).toBe(false);
    expect(ok(namespaceArg, 5)).toBe(false);
  });

  it('accepts exactly the RFC 1123 labels (property)', () => {
    const chars = fc.constantFrom(...'abz09-._A/ '.split(''));
    const candidate = fc.oneof(
      fc.string({ unit: chars, maxLength: 70 }),
      fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,70}[a-z0-9])?$/),
      fc.string({ maxLength: 70 }),
    );
    fc.assert(
      fc.property(candidate, (s) => {
        expect(ok(namespaceArg, s)).toBe(isRfc1123Label(s));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('nameArg and podArg', () => {
  it('take an RFC 1123 subdomain up to 253 characters', () => {
    for (const schema of [nameArg, podArg]) {
      expect(ok(schema, 'httpbin-keepalive')).toBe(true);
      expect(ok(schema, 'http-5f8c9d7b4-x2k9q')).toBe(true);
      expect(ok(schema, 'a.b.c')).toBe(true);
      expect(ok(schema, 'a'.repeat(253))).toBe(true);
      expect(ok(schema, 'a'.repeat(254))).toBe(false);
    }
  });

  it('refuse RFC 1123 violations, slashes and dot segments', () => {
    for (const schema of [nameArg, podArg]) {
      for (const v of ['', 'Bad_Name', '-a', 'a-', 'a.', '.a', 'a..b', 'a/b', '..', '../etc', 'a%2Fb', 'a\nb']) {
        expect(ok(schema, v), JSON.stringify(v)).toBe(false);
      }
    }
  });
});

describe('portArg', () => {
  it('takes 1 to 65535, from a number or its decimal text', () => {
    expect(portArg.parse('80')).toBe(80);
    expect(portArg.parse(1)).toBe(1);
    expect(portArg.parse('65535')).toBe(65535);
    expect(ok(portArg, 0)).toBe(false);
    expect(ok(portArg, '0')).toBe(false);
    expect(ok(portArg, 65536)).toBe(false);
    expect(ok(portArg, '65536')).toBe(false);
    expect(ok(portArg, -1)).toBe(false);
  });

  it('refuses text that is not a whole number', () => {
    for (const v of ['x', '', '80.5', '80x', 'NaN', 'Infinity']) expect(ok(portArg, v), JSON.stringify(v)).toBe(false);
  });

  it('says what a port is, in the words the form shows', () => {
    expect(portArg.safeParse('x').error?.issues[0]?.message).toBe('a port number');
    expect(portArg.safeParse('0').error?.issues[0]?.message).toBe('at least 1');
    expect(portArg.safeParse('70000').error?.issues[0]?.message).toBe('at most 65535');
  });

  it('accepts the decimal text of an integer exactly when it is in range (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -100_000, max: 200_000 }), (n) => {
        expect(ok(portArg, String(n))).toBe(n >= 1 && n <= 65535);
      }),
    );
  });
});

describe('uuidArg', () => {
  it('takes the ids the dashboard gives out and nothing else', () => {
    expect(ok(uuidArg, crypto.randomUUID())).toBe(true);
    for (const v of ['', 'x', '1234', `${crypto.randomUUID()}x`, `../${crypto.randomUUID()}`, crypto.randomUUID().replaceAll('-', '')]) {
      expect(ok(uuidArg, v), v).toBe(false);
    }
    expect(uuidArg.safeParse('x').error?.issues[0]?.message).toBe('not an id the dashboard gave out');
  });
});

describe('resourceVersionArg', () => {
  it('takes short strings of digits and letters', () => {
    expect(ok(resourceVersionArg, '1')).toBe(true);
    expect(ok(resourceVersionArg, '123456789')).toBe(true);
    expect(ok(resourceVersionArg, 'aB3')).toBe(true);
    expect(ok(resourceVersionArg, '9'.repeat(64))).toBe(true);
    expect(ok(resourceVersionArg, '9'.repeat(65))).toBe(false);
  });

  it('refuses an empty or missing one as required, and anything else as not a resourceVersion', () => {
    expect(resourceVersionArg.safeParse('').error?.issues[0]?.message).toBe('the resourceVersion the page loaded is required');
    expect(resourceVersionArg.safeParse(undefined).error?.issues[0]?.message).toBe('the resourceVersion the page loaded is required');
    for (const v of ['1; drop', '1 ', '-1', '1.5', '1/2', '"1"', '１']) {
      expect(resourceVersionArg.safeParse(v).error?.issues[0]?.message, v).toBe('not a resourceVersion');
    }
  });
});

describe('serviceRefArg', () => {
  it('reads `namespace/name` into its parts', () => {
    expect(serviceRefArg.parse('httpbin/httpbin')).toEqual({ namespace: 'httpbin', name: 'httpbin' });
    expect(serviceRefArg.parse('shop/cart.v2')).toEqual({ namespace: 'shop', name: 'cart.v2' });
  });

  it('refuses anything else with one message that says the form', () => {
    for (const v of ['', 'httpbin', 'httpbin/', '/httpbin', 'ns/name/x', '../etc', 'ns/..', 'ns/../x', 'Ns/name', 'ns/Bad_Name', 'a.b/c']) {
      const r = serviceRefArg.safeParse(v);
      expect(r.success, v).toBe(false);
      expect(r.error?.issues.map((i) => i.message)).toEqual(['give the Service as <namespace>/<name>']);
    }
  });

  it('takes the longest valid reference and refuses longer input outright', () => {
    const longest = `${'n'.repeat(63)}/${'s'.repeat(253)}`;
    expect(serviceRefArg.parse(longest)).toEqual({ namespace: 'n'.repeat(63), name: 's'.repeat(253) });
    expect(ok(serviceRefArg, `a/${'b'.repeat(400)}`)).toBe(false);
  });

  it('gives back the parts of any valid reference, and refuses any with a second slash (property)', () => {
    const label = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,30}[a-z0-9])?$/);
    fc.assert(
      fc.property(label, label, fc.string({ maxLength: 10 }), (namespace, name, tail) => {
        expect(serviceRefArg.parse(`${namespace}/${name}`)).toEqual({ namespace, name });
        expect(ok(serviceRefArg, `${namespace}/${name}/${tail}`)).toBe(false);
      }),
    );
  });
});

describe('invalidArgs', () => {
  it('is an `invalid` error naming each argument once, with its first message', () => {
    const r = z.object({ namespace: namespaceArg, port: portArg }).safeParse({ namespace: '', port: 'x' });
    const e = invalidArgs(r.error!);
    expect(e.kind).toBe('invalid');
    // '' breaks both the length and the RFC 1123 rule; the user is told the first.
    expect(e.fieldErrors).toEqual({ namespace: 'required', port: 'a port number' });
    expect(e.message).toBe('Invalid request: namespace: required; port: a port number.');
  });

  it('names a nested argument by its dotted path, and a bare value as `input`', () => {
    const nested = z.object({ target: z.object({ name: nameArg }) }).safeParse({ target: { name: 'Bad_Name' } });
    expect(Object.keys(invalidArgs(nested.error!).fieldErrors!)).toEqual(['target.name']);
    const bare = invalidArgs(portArg.safeParse('0').error!);
    expect(bare.fieldErrors).toEqual({ input: 'at least 1' });
    expect(bare.message).toBe('Invalid request: input: at least 1.');
  });
});

describe('parseQuery', () => {
  const shape = { namespace: namespaceArg, port: portArg, service: serviceRefArg.optional() };

  it('parses the named keys', () => {
    const r = parseQuery(shape, new URLSearchParams('namespace=httpbin&port=8000&service=httpbin/httpbin'));
    expect(r.success && r.data).toEqual({ namespace: 'httpbin', port: 8000, service: { namespace: 'httpbin', name: 'httpbin' } });
  });

  it('leaves unnamed keys out of the result, whatever they hold', () => {
    const r = parseQuery(shape, new URLSearchParams('namespace=httpbin&port=8000&context=evil&__proto__=x&constructor=y'));
    expect(r.success).toBe(true);
    expect(Object.keys(r.data!).sort()).toEqual(['namespace', 'port']);
  });

  it('takes the first of a repeated key', () => {
    const r = parseQuery(shape, new URLSearchParams('namespace=httpbin&namespace=Bad_Name&port=1'));
    expect(r.success && r.data.namespace).toBe('httpbin');
  });

  it('reports each named key that is missing or wrong, and none that is not named', () => {
    const r = parseQuery(shape, new URLSearchParams('namespace=Bad_Name&service=ns&other=%%%'));
    expect(r.success).toBe(false);
    expect(Object.keys(invalidArgs(r.error!).fieldErrors!).sort()).toEqual(['namespace', 'port', 'service']);
  });

  it('never throws, and a success holds only the shape’s keys (property)', () => {
    const key = fc.constantFrom('namespace', 'port', 'service', 'context', '__proto__', 'constructor', '');
    const pair = fc.tuple(key, fc.oneof(fc.string(), fc.constantFrom('httpbin', '8000', 'httpbin/httpbin', '%zz', '')));
    const query = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.array(pair, { maxLength: 8 }).map((pairs) => new URLSearchParams(pairs).toString()),
    );
    fc.assert(
      fc.property(query, (q) => {
        const r = parseQuery(shape, new URLSearchParams(q));
        if (r.success) for (const k of Object.keys(r.data)) expect(Object.keys(shape)).toContain(k);
        else expect(invalidArgs(r.error).kind).toBe('invalid');
      }),
      { numRuns: 1000 },
    );
  });
});
