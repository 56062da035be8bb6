import { describe, expect, it } from 'vitest';
import { createAccount } from '../src/accounts/api-keys.js';
import { call, createTestServices, requestBody, storedCounts, type TestServices } from './support/services.js';

const good = ['https://alpha.test/1'];
const withoutKey = (key: string) => {
  const body: Record<string, unknown> = requestBody(good);
  delete body[key];
  return body;
};

function expectNothingStored(s: TestServices) {
  expect(storedCounts(s)).toEqual({ requests: 0, items: 0, submissions: 0, events: 0, idempotencyKeys: 0 });
}

describe('POST /api/v1/requests with bad input', () => {
  it.each<[string, unknown, string[]]>([
    ['an unknown category', requestBody(good, { category: 'spam' }), ['/category']],
    ['a missing category', withoutKey('category'), ['/category']],
    ['urgent that is not a boolean', requestBody(good, { urgent: 'yes' }), ['/urgent']],
    ['minorInvolved that is not a boolean', requestBody(good, { minorInvolved: 1 }), ['/minorInvolved']],
    ['no urls', withoutKey('urls'), ['/urls']],
    ['an empty url list', requestBody([]), ['/urls']],
    ['urls that is not a list', requestBody(good, { urls: 'https://alpha.test/1' }), ['/urls']],
    ['a url that is not text', requestBody(['https://alpha.test/1', 42] as unknown as string[]), ['/urls/1']],
    ['an empty url', requestBody(['  ']), ['/urls/0']],
    ['something that is not a url', requestBody(['https://alpha.test/1', 'not a url']), ['/urls/1']],
    ['a javascript: url', requestBody(['javascript:alert(1)']), ['/urls/0']],
    ['a file: url', requestBody(['file:///etc/passwd']), ['/urls/0']],
    ['a url with credentials', requestBody(['https://user:pw@alpha.test/a']), ['/urls/0']],
    ['a host of dots only', requestBody(['https://./x']), ['/urls/0']],
    ['a host with an empty part', requestBody(['https://alpha.test/1', 'https://a..b/x']), ['/urls/1']],
    ['a host that starts with a hyphen', requestBody(['https://-.com/x']), ['/urls/0']],
    ['a domain ending alone', requestBody(['https://co.uk/x']), ['/urls/0']],
    ['minorInvolved misspelt', requestBody(good, { minorinvolved: true }), ['/minorinvolved']],
    ['urgent in snake case and capitals', requestBody(good, { Urgent: true, minor_involved: true }), ['/Urgent', '/minor_involved']],
    ['a reporter field misspelt', requestBody(good, { reporter: { role: 'victim', EMail: 'a@example.org' } }), ['/reporter/EMail']],
    ['a url over 2048 characters', requestBody(['https://alpha.test/' + 'a'.repeat(2040)]), ['/urls/0']],
    ['an explanation over 4000 characters', requestBody(good, { explanation: 'x'.repeat(4001) }), ['/explanation']],
    ['an explanation with control characters', requestBody(good, { explanation: 'a\u0000b' }), ['/explanation']],
    ['a reporter role nobody has', requestBody(good, { reporter: { role: 'boss' } }), ['/reporter/role']],
    ['a reporter without a role', requestBody(good, { reporter: { name: 'X' } }), ['/reporter/role']],
    ['an anonymous caller filing as a caseworker', requestBody(good, { reporter: { role: 'caseworker', name: 'X' } }), ['/reporter/role']],
    ['a bad e-mail address', requestBody(good, { reporter: { role: 'victim', email: 'not-an-email' } }), ['/reporter/email']],
    ['a bad phone number', requestBody(good, { reporter: { role: 'victim', phone: 'call me' } }), ['/reporter/phone']],
    ['a name over 200 characters', requestBody(good, { reporter: { role: 'victim', name: 'n'.repeat(201) } }), ['/reporter/name']],
    ['a reporter that is not an object', requestBody(good, { reporter: 'me' }), ['/reporter']],
    ['an unknown locale', requestBody(good, { locale: 'xx' }), ['/locale']],
    ['goodFaith false', requestBody(good, { goodFaith: false }), ['/goodFaith']],
    ['no goodFaith', withoutKey('goodFaith'), ['/goodFaith']],
    ['a list instead of an object', [requestBody(good)], ['']],
    ['several bad fields at once', requestBody(['ftp://x.test/a'], { category: 'x', locale: 'xx' }), ['/category', '/urls/0', '/locale']],
  ])('refuses %s with field errors as JSON Pointers and stores nothing', async (_, body, paths) => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }] });
    const res = await call(s.app, 'POST', '/api/v1/requests', { body });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.json).toMatchObject({ type: '/problems/validation', title: 'Invalid request', status: 400 });
    expect(res.json.errors.map((e: any) => e.path)).toEqual(paths);
    for (const e of res.json.errors) expect(e.message).toEqual(expect.any(String));
    expectNothingStored(s);
  });

  it('lets only a caseworker’s key file as a caseworker', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }] });
    const asCaseworker = requestBody(good, { reporter: { role: 'caseworker', name: 'On call' } });
    const org = createAccount(s.database.db, { role: 'organisation', name: 'Scouts', now: s.clock.now() }).apiKey;
    expect((await call(s.app, 'POST', '/api/v1/requests', { token: org, body: asCaseworker })).status).toBe(400);
    expectNothingStored(s);
    const staff = createAccount(s.database.db, { role: 'caseworker', name: 'On call', now: s.clock.now() }).apiKey;
    expect((await call(s.app, 'POST', '/api/v1/requests', { token: staff, body: asCaseworker })).status).toBe(201);
  });

  it('escapes ~ and / in field names per RFC 6901', async () => {
    const { fieldErrors } = await import('../src/api/problem.js');
    const { z } = await import('zod');
    const parsed = z.object({ 'a/b': z.object({ 'c~d': z.string() }) }).safeParse({ 'a/b': { 'c~d': 1 } });
    expect(fieldErrors(parsed.error!)).toEqual([{ path: '/a~1b/c~0d', message: expect.any(String) }]);
  });

  it('refuses malformed JSON, a non-JSON content type and an empty body', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }] });
    const malformed = await call(s.app, 'POST', '/api/v1/requests', {
      raw: '{"category":',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.json).toMatchObject({ type: '/problems/malformed-json', status: 400 });
    const form = await call(s.app, 'POST', '/api/v1/requests', {
      raw: 'category=other',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
    expect(form.headers.get('content-type')).toBe('application/problem+json');
    const empty = await call(s.app, 'POST', '/api/v1/requests', { headers: { 'content-type': 'application/json' } });
    expect(empty.status).toBe(400);
    expectNothingStored(s);
  });

  it('takes a body of exactly 64 KiB and refuses one byte more with 413, storing nothing', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }] });
    const padded = (bytes: number) => {
      const json = JSON.stringify(requestBody(good));
      return json.slice(0, -1) + ' '.repeat(bytes - json.length) + '}';
    };
    const over = await call(s.app, 'POST', '/api/v1/requests', {
      raw: padded(64 * 1024 + 1),
      headers: { 'content-type': 'application/json' },
    });
    expect(over.status).toBe(413);
    expect(over.headers.get('content-type')).toBe('application/problem+json');
    expect(over.json).toMatchObject({ status: 413, title: 'Payload too large' });
    const huge = await call(s.app, 'POST', '/api/v1/requests', {
      body: requestBody(good, { explanation: 'y'.repeat(300_000) }),
    });
    expect(huge.status).toBe(413);
    expectNothingStored(s);

    const exact = await call(s.app, 'POST', '/api/v1/requests', {
      raw: padded(64 * 1024),
      headers: { 'content-type': 'application/json' },
    });
    expect(exact.status).toBe(201);
  });

  it('refuses a status token or an unknown API key as the caller, storing nothing', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }] });
    const token = await call(s.app, 'POST', '/api/v1/requests', { body: requestBody(good), token: 'some-status-token' });
    expect(token.status).toBe(401);
    const key = await call(s.app, 'POST', '/api/v1/requests', {
      body: requestBody(good),
      token: `tdk_0123456789abcdef_${'x'.repeat(43)}`,
    });
    expect(key.status).toBe(401);
    expect(key.headers.get('www-authenticate')).toBe('Bearer');
    expectNothingStored(s);
  });

  it('refuses an Idempotency-Key that is not visible ASCII', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }] });
    const res = await call(s.app, 'POST', '/api/v1/requests', {
      body: requestBody(good),
      headers: { 'idempotency-key': 'x'.repeat(256) },
    });
    expect(res.status).toBe(400);
    expect(res.json.errors).toEqual([{ path: 'header:Idempotency-Key', message: expect.any(String) }]);
    expectNothingStored(s);
  });
});

describe('how many links one request may carry', () => {
  const urls = (n: number) => Array.from({ length: n }, (_, i) => `https://alpha.test/p/${i}`);

  it('takes 200 links anonymously and refuses 201', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }] });
    const over = await call(s.app, 'POST', '/api/v1/requests', { body: requestBody(urls(201)) });
    expect(over.status).toBe(400);
    expect(over.json.errors).toEqual([{ path: '/urls', message: expect.stringContaining('at most 200') }]);
    expectNothingStored(s);
    const ok = await call(s.app, 'POST', '/api/v1/requests', { body: requestBody(urls(200)) });
    expect(ok.status).toBe(201);
    expect(ok.json.submissions[0].urls).toHaveLength(200);
  });

  it.each(['organisation', 'caseworker'] as const)('takes 1,000 links with an %s key and refuses 1,001', async (role) => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }] });
    const { apiKey } = createAccount(s.database.db, { role, name: 'Scouts', now: s.clock.now() });
    const over = await call(s.app, 'POST', '/api/v1/requests', { body: requestBody(urls(1001)), token: apiKey });
    expect(over.status).toBe(400);
    expect(over.json.errors[0].path).toBe('/urls');
    expectNothingStored(s);
    const ok = await call(s.app, 'POST', '/api/v1/requests', { body: requestBody(urls(1000)), token: apiKey });
    expect(ok.status).toBe(201);
    expect(storedCounts(s).items).toBe(1000);
  });
});
