import { describe, expect, it } from 'vitest';
import { createAccount } from '../src/accounts/api-keys.js';
import { call, createTestServices, requestBody, storedCounts, type TestServices } from './support/services.js';

const good = ['https://alpha.test/1', 'https://beta.test/2'];

function post(s: TestServices, body: unknown, headers: Record<string, string> = {}, token?: string) {
  return call(s.app, 'POST', '/api/v1/requests', { body, headers, token });
}

describe('Idempotency-Key on POST /api/v1/requests', () => {
  it('answers the same key and body with the first answer, same reference and token, and stores nothing new', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }, { id: 'beta' }] });
    const first = await post(s, requestBody(good), { 'idempotency-key': 'k-1' });
    expect(first.status).toBe(201);
    const stored = storedCounts(s);
    expect(stored).toMatchObject({ requests: 1, submissions: 2, idempotencyKeys: 1 });

    s.clock.advance(60 * 60 * 1000);
    const again = await post(s, requestBody(good), { 'idempotency-key': 'k-1' });
    expect(again.status).toBe(201);
    expect(again.json).toEqual(first.json);
    expect(again.json.statusToken).toBe(first.json.statusToken);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    // The same answer, headers included: a client that lost the first one learns where the case is.
    expect(again.headers.get('location')).toBe(`/api/v1/requests/${first.json.reference}`);
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    expect(storedCounts(s)).toEqual(stored);
    // The replayed token still opens the case.
    const view = await call(s.app, 'GET', `/api/v1/requests/${again.json.reference}`, { token: again.json.statusToken });
    expect(view.status).toBe(200);
  });

  it('treats the same body with its fields in another order as the same body', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }, { id: 'beta' }] });
    const body = requestBody(good);
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const first = await post(s, body, { 'idempotency-key': 'k-order' });
    const again = await post(s, reordered, { 'idempotency-key': 'k-order' });
    expect(again.status).toBe(201);
    expect(again.json.reference).toBe(first.json.reference);
    expect(storedCounts(s).requests).toBe(1);
  });

  it('refuses the same key with another body with 422 and stores nothing', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }, { id: 'beta' }] });
    await post(s, requestBody(good), { 'idempotency-key': 'k-2' });
    const stored = storedCounts(s);
    const other = await post(s, requestBody(['https://alpha.test/other']), { 'idempotency-key': 'k-2' });
    expect(other.status).toBe(422);
    expect(other.headers.get('content-type')).toBe('application/problem+json');
    expect(other.json).toMatchObject({ status: 422, type: '/problems/idempotency-key-reused' });
    expect(other.text).not.toContain('TD-');
    expect(storedCounts(s)).toEqual(stored);
  });

  it('scopes a key to its caller: the same key from another account or anonymously is a new request', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }, { id: 'beta' }] });
    const a = createAccount(s.database.db, { role: 'organisation', name: 'A', now: s.clock.now() }).apiKey;
    const b = createAccount(s.database.db, { role: 'organisation', name: 'B', now: s.clock.now() }).apiKey;
    const headers = { 'idempotency-key': 'shared-key' };
    const byA = await post(s, requestBody(good), headers, a);
    const byB = await post(s, requestBody(good), headers, b);
    const anonymous = await post(s, requestBody(good), headers);
    const byAAgain = await post(s, requestBody(good), headers, a);
    for (const r of [byA, byB, anonymous, byAAgain]) expect(r.status).toBe(201);
    expect(new Set([byA.json.reference, byB.json.reference, anonymous.json.reference]).size).toBe(3);
    expect(byAAgain.json.reference).toBe(byA.json.reference);
    expect(storedCounts(s).requests).toBe(3);
    // B's replay would have handed B the token of A's case; each sees only its own.
    expect(byB.json.statusToken).not.toBe(byA.json.statusToken);
  });

  it('forgets a key after 24 hours', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }, { id: 'beta' }] });
    const first = await post(s, requestBody(good), { 'idempotency-key': 'k-old' });
    s.clock.advance(24 * 60 * 60 * 1000 + 1);
    const later = await post(s, requestBody(good), { 'idempotency-key': 'k-old' });
    expect(later.status).toBe(201);
    expect(later.json.reference).not.toBe(first.json.reference);
    expect(storedCounts(s)).toMatchObject({ requests: 2, idempotencyKeys: 1 });
  });

  it('never stores the key or the token in clear', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }, { id: 'beta' }] });
    const res = await post(s, requestBody(good), { 'idempotency-key': 'my-very-own-key' });
    const dump = JSON.stringify(s.database.sqlite.prepare('SELECT * FROM idempotency_keys').all());
    expect(dump).not.toContain('my-very-own-key');
    expect(dump).not.toContain(res.json.statusToken);
  });
});

describe('RATE_LIMIT_PER_MIN on anonymous creation', () => {
  it('answers 429 with Retry-After past the limit and stores nothing for it', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }, { id: 'beta' }], config: { RATE_LIMIT_PER_MIN: 2 } });
    expect((await post(s, requestBody(good))).status).toBe(201);
    expect((await post(s, requestBody(good))).status).toBe(201);
    const stored = storedCounts(s);
    const limited = await post(s, requestBody(good));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toBe('application/problem+json');
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(storedCounts(s)).toEqual(stored);
  });

  it('counts each client address on its own behind a trusted proxy', async () => {
    const s = createTestServices({
      platforms: [{ id: 'alpha' }, { id: 'beta' }],
      config: { RATE_LIMIT_PER_MIN: 1, TRUST_PROXY: true },
    });
    // The proxy appends the address it was reached from; anything left of it came from the client.
    const from = (ip: string, forged?: string) => post(s, requestBody(good), { 'x-forwarded-for': forged ? `${forged}, ${ip}` : ip });
    expect((await from('198.51.100.1')).status).toBe(201);
    expect((await from('198.51.100.2')).status).toBe(201);
    expect((await from('198.51.100.1')).status).toBe(429);
    // A client that writes its own entries does not get a fresh allowance with each.
    expect((await from('198.51.100.2', '10.0.0.7')).status).toBe(429);
    expect((await from('198.51.100.2', '10.0.0.8, 10.0.0.9')).status).toBe(429);
  });

  it('reads the client address the outermost of several proxies saw (TRUST_PROXY_HOPS)', async () => {
    const s = createTestServices({
      platforms: [{ id: 'alpha' }, { id: 'beta' }],
      config: { RATE_LIMIT_PER_MIN: 1, TRUST_PROXY: true, TRUST_PROXY_HOPS: 2 },
    });
    // A CDN appends the client, the load balancer appends the CDN's edge.
    const via = (chain: string) => post(s, requestBody(good), { 'x-forwarded-for': chain });
    expect((await via('198.51.100.1, 203.0.113.5')).status).toBe(201);
    expect((await via('198.51.100.2, 203.0.113.5')).status).toBe(201);
    expect((await via('10.9.9.9, 198.51.100.1, 203.0.113.6')).status).toBe(429);
  });

  it('does not count requests refused as invalid', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }, { id: 'beta' }], config: { RATE_LIMIT_PER_MIN: 1 } });
    expect((await post(s, requestBody([]))).status).toBe(400);
    expect((await post(s, requestBody(good))).status).toBe(201);
  });

  it('still answers the retry of an accepted request (same Idempotency-Key) past the limit', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }, { id: 'beta' }], config: { RATE_LIMIT_PER_MIN: 1 } });
    const first = await post(s, requestBody(good), { 'idempotency-key': 'lost-answer' });
    expect(first.status).toBe(201);
    const retry = await post(s, requestBody(good), { 'idempotency-key': 'lost-answer' });
    expect(retry.status).toBe(201);
    expect(retry.json.statusToken).toBe(first.json.statusToken);
    expect((await post(s, requestBody(good), { 'idempotency-key': 'a-new-one' })).status).toBe(429);
  });

  it('is off at 0', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }, { id: 'beta' }], config: { RATE_LIMIT_PER_MIN: 0 } });
    for (let i = 0; i < 40; i++) expect((await post(s, requestBody([`https://alpha.test/${i}`]))).status).toBe(201);
  });

  it('does not limit callers with an API key', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }, { id: 'beta' }], config: { RATE_LIMIT_PER_MIN: 1 } });
    const { apiKey } = createAccount(s.database.db, { role: 'organisation', name: 'Scouts', now: s.clock.now() });
    for (let i = 0; i < 5; i++) expect((await post(s, requestBody([`https://alpha.test/${i}`]), {}, apiKey)).status).toBe(201);
    expect((await post(s, requestBody(good))).status).toBe(201);
    expect((await post(s, requestBody(good))).status).toBe(429);
  });
});
