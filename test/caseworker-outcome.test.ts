import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { createAccount } from '../src/accounts/api-keys.js';
import { events } from '../src/db/schema.js';
import { useMsw } from './support/msw.js';
import { call, createTestServices, requestBody } from './support/services.js';

const server = useMsw();

async function setUp() {
  server.use(http.post('https://api.alpha.test/notices', () => HttpResponse.json({ ticketId: 'A-1' }, { status: 201 })));
  const s = createTestServices({
    platforms: [{ id: 'alpha' }, { id: 'formonly', channel: { type: 'manual', formUrl: 'https://formonly.test/report' } }],
  });
  const now = s.clock.now();
  const caseworker = createAccount(s.database.db, { role: 'caseworker', name: 'Casey', now });
  const admin = createAccount(s.database.db, { role: 'admin', name: 'Ada', now });
  const organisation = createAccount(s.database.db, { role: 'organisation', name: 'Scouts', now });
  const created = await call(s.app, 'POST', '/api/v1/requests', {
    token: organisation.apiKey,
    body: requestBody(['https://alpha.test/1', 'https://alpha.test/2', 'https://formonly.test/x']),
  });
  expect(created.status).toBe(201);
  await s.worker.drain();
  const c = created.json as { reference: string; statusToken: string; submissions: Array<{ id: string; platform: string }> };
  const sub = (platform: string) => c.submissions.find((x) => x.platform === platform)!.id;
  const outcome = (token: string, platform: string, body: unknown) =>
    call(s.app, 'POST', `/api/v1/requests/${c.reference}/submissions/${sub(platform)}/outcome`, { token, body });
  return { s, c, caseworker, admin, organisation, outcome, sub };
}

describe('POST /api/v1/requests/{reference}/submissions/{id}/outcome', () => {
  it("records a web form filed by hand, with its ticket, under the caseworker's name", async () => {
    const { s, c, caseworker, outcome } = await setUp();
    s.clock.advance(60_000);
    const res = await outcome(caseworker.apiKey, 'formonly', { outcome: 'filed', ticketId: 'FORM-9', note: 'filed via the web form' });
    expect(res.status).toBe(200);
    const sub = res.json.submissions.find((x: any) => x.platform === 'formonly');
    expect(sub).toMatchObject({ status: 'submitted', ticketId: 'FORM-9', submittedAt: new Date(s.clock.now()).toISOString() });
    expect(sub.manualTask).toBeUndefined();
    expect(res.json.events.at(-1)).toMatchObject({
      type: 'submitted',
      platform: 'formonly',
      detail: 'filed by hand; ticket FORM-9; filed via the web form',
    });
    const stored = s.database.db.select().from(events).all().at(-1)!;
    expect(stored.actor).toBe(`account:${caseworker.account.id}`);
    // The reporter sees it too.
    const seen = await call(s.app, 'GET', `/api/v1/requests/${c.reference}`, { token: c.statusToken });
    expect(seen.json.submissions.find((x: any) => x.platform === 'formonly').status).toBe('submitted');
  });

  it('records acknowledged, removed for one link, then all, and rejected elsewhere; admins may too', async () => {
    const { s, c, caseworker, admin, outcome } = await setUp();
    expect((await outcome(caseworker.apiKey, 'alpha', { outcome: 'acknowledged', note: 'e-mail from trust & safety' })).status).toBe(200);
    let res = await outcome(admin.apiKey, 'alpha', { outcome: 'removed', urls: ['https://alpha.test/1'] });
    expect(res.status).toBe(200);
    expect(res.json.items.map((i: any) => i.status)).toEqual(['removed', 'reported', 'reported']);
    expect(res.json.status).toBe('partially_resolved');
    res = await outcome(caseworker.apiKey, 'alpha', { outcome: 'removed' });
    expect(res.json.submissions.find((x: any) => x.platform === 'alpha').status).toBe('removed');
    await outcome(caseworker.apiKey, 'formonly', { outcome: 'filed' });
    res = await outcome(caseworker.apiKey, 'formonly', { outcome: 'rejected', note: 'they say it is not a violation' });
    expect(res.json.submissions.find((x: any) => x.platform === 'formonly')).toMatchObject({
      status: 'rejected',
      lastError: 'they say it is not a violation',
    });
    expect(res.json.status).toBe('needs_attention');
    const actors = s.database.db
      .select()
      .from(events)
      .all()
      .filter((e) => ['acknowledged', 'removed', 'rejected'].includes(e.type))
      .map((e) => [e.type, e.actor]);
    expect(actors).toEqual([
      ['acknowledged', `account:${caseworker.account.id}`],
      ['removed', `account:${admin.account.id}`],
      ['removed', `account:${caseworker.account.id}`],
      ['rejected', `account:${caseworker.account.id}`],
    ]);
    expect(c.reference).toBeTruthy();
  });

  it('adds a note to the timeline', async () => {
    const { caseworker, outcome } = await setUp();
    const res = await outcome(caseworker.apiKey, 'alpha', { outcome: 'note', note: 'called their trust & safety line' });
    expect(res.status).toBe(200);
    expect(res.json.events.at(-1)).toMatchObject({ type: 'note', platform: 'alpha', detail: 'called their trust & safety line' });
  });

  it('answers 404 to reporters, organisations, anonymous callers and bad keys, and changes nothing', async () => {
    const { s, c, organisation, outcome, sub } = await setUp();
    const before = s.database.db.select().from(events).all().length;
    for (const token of [c.statusToken, organisation.apiKey, 'tdk_0000000000000000_' + 'a'.repeat(43)]) {
      const res = await outcome(token, 'alpha', { outcome: 'removed' });
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    const anonymous = await call(s.app, 'POST', `/api/v1/requests/${c.reference}/submissions/${sub('alpha')}/outcome`, {
      body: { outcome: 'removed' },
    });
    expect(anonymous.status).toBe(404);
    expect(s.database.db.select().from(events).all()).toHaveLength(before);
  });

  it('answers 404 for an unknown case or a submission of another case', async () => {
    const { s, caseworker, sub } = await setUp();
    const other = await call(s.app, 'POST', '/api/v1/requests', { body: requestBody(['https://alpha.test/9']) });
    const wrongCase = await call(s.app, 'POST', `/api/v1/requests/${other.json.reference}/submissions/${sub('alpha')}/outcome`, {
      token: caseworker.apiKey,
      body: { outcome: 'removed' },
    });
    expect(wrongCase.status).toBe(404);
    const noCase = await call(s.app, 'POST', `/api/v1/requests/TD-0000-0000/submissions/${sub('alpha')}/outcome`, {
      token: caseworker.apiKey,
      body: { outcome: 'removed' },
    });
    expect(noCase.status).toBe(404);
  });

  it('answers 400 for invalid bodies and unknown links, and 409 for moves that make no sense', async () => {
    const { caseworker, outcome } = await setUp();
    const bad = [
      { outcome: 'gone' },
      { outcome: 'note' },
      { outcome: 'acknowledged', urls: ['https://alpha.test/1'] },
      { outcome: 'removed', extra: true },
    ];
    for (const body of bad) expect((await outcome(caseworker.apiKey, 'alpha', body)).status, JSON.stringify(body)).toBe(400);
    const unknown = await outcome(caseworker.apiKey, 'alpha', {
      outcome: 'removed',
      urls: ['https://alpha.test/1', 'https://alpha.test/nope'],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.json.errors).toEqual([{ path: '/urls', message: 'not all of these are links of this notice' }]);

    // A web form nobody filed cannot have been acknowledged or refused yet.
    const early = await outcome(caseworker.apiKey, 'formonly', { outcome: 'acknowledged' });
    expect(early.status).toBe(409);
    expect(early.json.detail).toMatch(/record it as filed first/);
    // An http notice was sent by the service, not filed by hand.
    expect((await outcome(caseworker.apiKey, 'alpha', { outcome: 'filed' })).status).toBe(409);
    // Removed is final.
    expect((await outcome(caseworker.apiKey, 'alpha', { outcome: 'removed' })).status).toBe(200);
    expect((await outcome(caseworker.apiKey, 'alpha', { outcome: 'rejected' })).status).toBe(409);
    // Recording the same removal again is harmless.
    expect((await outcome(caseworker.apiKey, 'alpha', { outcome: 'removed' })).status).toBe(200);
  });
});
