import { describe, expect, it } from 'vitest';
import { createAccount } from '../src/accounts/api-keys.js';
import { requests } from '../src/db/schema.js';
import { call, createTestServices, requestBody } from './support/services.js';

const file = (s: ReturnType<typeof createTestServices>, urls: string[], token?: string) =>
  call(s.app, 'POST', '/api/v1/requests', { body: requestBody(urls), token });

describe('limits on the takedown channel itself', () => {
  it('limits anonymous requests per address per minute, with Retry-After, storing nothing', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }], config: { RATE_LIMIT_PER_MIN: 2 } });
    expect((await file(s, ['https://alpha.test/1'])).status).toBe(201);
    expect((await file(s, ['https://alpha.test/2'])).status).toBe(201);
    const third = await file(s, ['https://alpha.test/3']);
    expect(third.status).toBe(429);
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(s.database.db.select().from(requests).all()).toHaveLength(2);
  });

  it('limits requests per API key separately from anonymous ones', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }], config: { RATE_LIMIT_PER_MIN: 1, RATE_LIMIT_PER_KEY_PER_MIN: 3 } });
    const { apiKey } = createAccount(s.database.db, { role: 'organisation', name: 'Scouts', now: s.clock.now() });
    for (let i = 0; i < 3; i++) expect((await file(s, [`https://alpha.test/k${i}`], apiKey)).status).toBe(201);
    expect((await file(s, ['https://alpha.test/k4'], apiKey)).status).toBe(429);
    expect((await file(s, ['https://alpha.test/a1'])).status).toBe(201);
  });

  it('limits links per day from one source', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }], config: { URLS_PER_DAY_ANONYMOUS: 5 } });
    expect((await file(s, ['https://alpha.test/1', 'https://alpha.test/2', 'https://alpha.test/3'])).status).toBe(201);
    const over = await file(s, ['https://alpha.test/4', 'https://alpha.test/5', 'https://alpha.test/6']);
    expect(over.status).toBe(429);
    expect(over.json.detail).toMatch(/Too many links filed from this address today/);
    // The refused request took nothing: the two links left of the day's five still go.
    expect((await file(s, ['https://alpha.test/4', 'https://alpha.test/5'])).status).toBe(201);
    expect((await file(s, ['https://alpha.test/7'])).status).toBe(429);
  });

  it('says so when one request has more links than a whole day allows, and leaves the allowance whole', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }], config: { URLS_PER_DAY_ANONYMOUS: 2, RATE_LIMIT_PER_MIN: 2 } });
    const tooMany = await file(s, ['https://alpha.test/1', 'https://alpha.test/2', 'https://alpha.test/3']);
    expect(tooMany.status).toBe(429);
    expect(tooMany.json.detail).toBe('This request has 3 links; at most 2 may be filed from this address in a day.');
    // Neither the minute's requests nor the day's links were spent on it.
    expect((await file(s, ['https://alpha.test/1'])).status).toBe(201);
    expect((await file(s, ['https://alpha.test/2'])).status).toBe(201);
  });

  it('holds bulk filings and the organisation page to the key’s allowance too', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }], config: { URLS_PER_DAY_PER_KEY: 3 } });
    const { apiKey } = createAccount(s.database.db, { role: 'organisation', name: 'Scouts', now: s.clock.now() });
    const bulk = (urls: string[]) =>
      call(s.app, 'POST', '/api/v1/bulk-requests', {
        token: apiKey,
        body: { urls, category: 'child_photo_misuse', explanation: 'Photos of our members.', goodFaith: true, locale: 'nl' },
      });
    expect((await bulk(['https://alpha.test/1', 'https://alpha.test/2'])).status).toBe(201);
    const over = await bulk(['https://alpha.test/3', 'https://alpha.test/4']);
    expect(over.status).toBe(429);
    expect(over.json.detail).toMatch(/from this key today/);
    // The single-request door draws on the same allowance.
    expect((await file(s, ['https://alpha.test/3'], apiKey)).status).toBe(201);
    expect((await file(s, ['https://alpha.test/5'], apiKey)).status).toBe(429);
    expect(s.database.db.select().from(requests).all()).toHaveLength(2);
  });

  it('flags an anonymous burst for review without holding the request back', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }], config: { BURST_REQUESTS_PER_HOUR: 2 } });
    await file(s, ['https://alpha.test/1']);
    await file(s, ['https://alpha.test/2']);
    const third = await file(s, ['https://alpha.test/3']);
    expect(third.status).toBe(201);
    const flagged = s.database.db
      .select()
      .from(requests)
      .all()
      .filter((r) => r.reviewReason);
    expect(flagged).toHaveLength(1);
    expect(flagged[0]!.reviewReason).toMatch(/3 requests from one address/);
    // Caseworkers see why; the person who filed it does not.
    const { apiKey } = createAccount(s.database.db, { role: 'caseworker', name: 'On call', now: s.clock.now() });
    const staff = await call(s.app, 'GET', `/api/v1/requests/${third.json.reference}`, { token: apiKey });
    expect(staff.json.events.some((e: any) => e.type === 'note' && e.kind === 'flagged' && /flagged for review/.test(e.detail))).toBe(true);
    const reporter = await call(s.app, 'GET', `/api/v1/requests/${third.json.reference}`, { token: third.json.statusToken });
    expect(reporter.json.events.some((e: any) => e.kind === 'flagged')).toBe(false);
    expect(reporter.json.submissions[0].status).toBe('queued');
  });
});
