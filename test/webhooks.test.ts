import { randomBytes } from 'node:crypto';
import { http, HttpResponse } from 'msw';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { events, webhookReceipts } from '../src/db/schema.js';
import { call, createTestServices, requestBody, type TestServices } from './support/services.js';
import { useMsw } from './support/msw.js';

const server = useMsw();

const secret = () => `whsec_${randomBytes(24).toString('base64')}`;

// Real Standard Webhooks signatures, made with the library the platforms themselves would use.
// The library checks the timestamp against the machine's time, so the service's clock is set to it.
function signed(key: string, body: string, options: { id?: string; at?: number } = {}) {
  const id = options.id ?? `msg_${randomBytes(6).toString('hex')}`;
  const at = options.at ?? Date.now();
  const signature = new Webhook(key).sign(id, new Date(at), body);
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at / 1000)),
    'webhook-signature': signature,
  };
}

async function setUp(urls = ['https://hooked.test/a', 'https://hooked.test/b']) {
  const keys = { hooked: secret(), other: secret() };
  server.use(http.post('https://api.hooked.test/notices', () => HttpResponse.json({ ticketId: 'H-1' }, { status: 201 })));
  const s = createTestServices({
    platforms: [{ id: 'hooked', webhookSecret: keys.hooked }, { id: 'other', webhookSecret: keys.other }, { id: 'silent' }],
  });
  s.clock.set(Date.now());
  const created = await call(s.app, 'POST', '/api/v1/requests', { body: requestBody(urls) });
  expect(created.status).toBe(201);
  await s.worker.drain();
  const noticeId = s.database.sqlite.prepare('SELECT notice_id AS n FROM submissions').get() as { n: string };
  return { s, keys, noticeId: noticeId.n, c: created.json as { reference: string; statusToken: string } };
}

async function post(s: TestServices, platform: string, body: unknown, headers: Record<string, string>) {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  return call(s.app, 'POST', `/api/v1/webhooks/${platform}`, { raw, headers });
}

async function caseOf(s: TestServices, c: { reference: string; statusToken: string }) {
  return (await call(s.app, 'GET', `/api/v1/requests/${c.reference}`, { token: c.statusToken })).json;
}

const eventTypes = (s: TestServices) =>
  s.database.db
    .select()
    .from(events)
    .all()
    .map((e) => e.type);

describe('POST /api/v1/webhooks/{platformId}', () => {
  it('records a signed removal of one link, then of the other, and resolves the request', async () => {
    const { s, keys, noticeId, c } = await setUp();
    const first = JSON.stringify({ noticeId, status: 'removed', url: 'https://hooked.test/a' });
    expect((await post(s, 'hooked', first, signed(keys.hooked, first))).status).toBe(204);
    let v = await caseOf(s, c);
    expect(v.items.map((i: any) => i.status)).toEqual(['removed', 'reported']);
    expect(v.submissions[0].status).toBe('acknowledged');
    expect(v.status).toBe('partially_resolved');

    const second = JSON.stringify({ noticeId, status: 'removed', url: 'https://hooked.test/b' });
    expect((await post(s, 'hooked', second, signed(keys.hooked, second))).status).toBe(204);
    v = await caseOf(s, c);
    expect(v.submissions[0]).toMatchObject({ status: 'removed' });
    expect(v.submissions[0].resolvedAt).not.toBeNull();
    expect(v.status).toBe('resolved');
    const removals = v.events.filter((e: any) => e.type === 'removed');
    expect(removals.map((e: any) => e.detail)).toEqual(['https://hooked.test/a', 'https://hooked.test/b']);
    const actors = s.database.db
      .select()
      .from(events)
      .all()
      .filter((e) => e.type === 'removed');
    expect(actors.every((e) => e.actor === 'platform:hooked')).toBe(true);
  });

  it('moves acknowledged then removed, keeping the acknowledgement time', async () => {
    const { s, keys, noticeId, c } = await setUp(['https://hooked.test/a']);
    const ack = JSON.stringify({ noticeId, status: 'acknowledged', reason: 'case 123 opened' });
    expect((await post(s, 'hooked', ack, signed(keys.hooked, ack))).status).toBe(204);
    let v = await caseOf(s, c);
    expect(v.submissions[0].status).toBe('acknowledged');
    const acknowledgedAt = v.submissions[0].acknowledgedAt;
    expect(acknowledgedAt).toBe(new Date(s.clock.now()).toISOString());

    s.clock.advance(60_000);
    const removed = JSON.stringify({ noticeId, status: 'removed' });
    expect((await post(s, 'hooked', removed, signed(keys.hooked, removed))).status).toBe(204);
    v = await caseOf(s, c);
    expect(v.submissions[0]).toMatchObject({ status: 'removed', acknowledgedAt });
    expect(v.status).toBe('resolved');
    expect(v.events.map((e: any) => e.type)).toEqual(['created', 'routed', 'submitted', 'acknowledged', 'removed']);

    // A late acknowledgement (or a rejection) cannot move a removed notice back.
    for (const late of [ack, JSON.stringify({ noticeId, status: 'rejected', reason: 'no violation' })]) {
      expect((await post(s, 'hooked', late, signed(keys.hooked, late))).status).toBe(204);
    }
    v = await caseOf(s, c);
    expect(v.submissions[0].status).toBe('removed');
    expect(v.events).toHaveLength(5);
  });

  it('records a rejection with its reason and asks for attention', async () => {
    const { s, keys, noticeId, c } = await setUp(['https://hooked.test/a']);
    const body = JSON.stringify({ noticeId, status: 'rejected', reason: 'not against our terms' });
    expect((await post(s, 'hooked', body, signed(keys.hooked, body))).status).toBe(204);
    const v = await caseOf(s, c);
    expect(v.submissions[0]).toMatchObject({ status: 'rejected', lastError: 'not against our terms' });
    expect(v.status).toBe('needs_attention');
  });

  it('refuses a signature made with another key, and changes nothing', async () => {
    const { s, keys, noticeId, c } = await setUp();
    const body = JSON.stringify({ noticeId, status: 'removed' });
    const forged = await post(s, 'hooked', body, signed(secret(), body));
    expect(forged.status).toBe(401);
    expect(forged.headers.get('content-type')).toContain('application/problem+json');
    // The right key on a body that was changed after signing.
    const tampered = await post(s, 'hooked', body.replace('removed', 'rejected'), signed(keys.hooked, body));
    expect(tampered.status).toBe(401);
    const unsigned = await post(s, 'hooked', body, { 'content-type': 'application/json' });
    expect(unsigned.status).toBe(401);
    expect((await caseOf(s, c)).submissions[0].status).toBe('submitted');
    expect(s.database.db.select().from(webhookReceipts).all()).toHaveLength(0);
  });

  it('refuses timestamps more than five minutes away, either way', async () => {
    const { s, keys, noticeId, c } = await setUp();
    const body = JSON.stringify({ noticeId, status: 'removed' });
    const stale = await post(s, 'hooked', body, signed(keys.hooked, body, { at: Date.now() - 6 * 60_000 }));
    expect(stale.status).toBe(401);
    const future = await post(s, 'hooked', body, signed(keys.hooked, body, { at: Date.now() + 6 * 60_000 }));
    expect(future.status).toBe(401);
    // Within the tolerance is fine.
    const late = await post(s, 'hooked', body, signed(keys.hooked, body, { at: Date.now() - 4 * 60_000 }));
    expect(late.status).toBe(204);
    expect((await caseOf(s, c)).submissions[0].status).toBe('removed');
  });

  it('accepts a replayed webhook-id once: the repeat answers 204 and changes nothing', async () => {
    const { s, keys, noticeId, c } = await setUp();
    const body = JSON.stringify({ noticeId, status: 'removed', url: 'https://hooked.test/a' });
    const headers = signed(keys.hooked, body, { id: 'msg_same' });
    expect((await post(s, 'hooked', body, headers)).status).toBe(204);
    const before = eventTypes(s);
    // Replayed, even with a different body signed under the same id: the id was used.
    const other = JSON.stringify({ noticeId, status: 'removed', url: 'https://hooked.test/b' });
    expect((await post(s, 'hooked', body, headers)).status).toBe(204);
    expect((await post(s, 'hooked', other, signed(keys.hooked, other, { id: 'msg_same' }))).status).toBe(204);
    expect(eventTypes(s)).toEqual(before);
    expect((await caseOf(s, c)).items.map((i: any) => i.status)).toEqual(['removed', 'reported']);
    expect(s.database.db.select().from(webhookReceipts).all()).toHaveLength(1);
  });

  it('writes nothing for a repeat of the same news under a new webhook-id', async () => {
    const { s, keys, noticeId } = await setUp();
    const body = JSON.stringify({ noticeId, status: 'removed', url: 'https://hooked.test/a' });
    expect((await post(s, 'hooked', body, signed(keys.hooked, body))).status).toBe(204);
    const before = eventTypes(s);
    expect((await post(s, 'hooked', body, signed(keys.hooked, body))).status).toBe(204);
    expect(eventTypes(s)).toEqual(before);
  });

  it('answers 404 for an unknown notice, and for a notice of another platform', async () => {
    const { s, keys, noticeId, c } = await setUp();
    const unknown = JSON.stringify({ noticeId: 'no-such-notice', status: 'removed' });
    const r1 = await post(s, 'hooked', unknown, signed(keys.hooked, unknown));
    expect(r1.status).toBe(404);
    // Correctly signed by "other", about a notice sent to "hooked": not theirs to confirm.
    const body = JSON.stringify({ noticeId, status: 'removed' });
    const r2 = await post(s, 'other', body, signed(keys.other, body));
    expect(r2.status).toBe(404);
    // And hooked's signature posted to other's endpoint does not verify.
    expect((await post(s, 'other', body, signed(keys.hooked, body))).status).toBe(401);
    expect((await caseOf(s, c)).submissions[0].status).toBe('submitted');
    expect(s.database.db.select().from(webhookReceipts).all()).toHaveLength(0);
  });

  it('answers 401 for a platform without a webhook secret, and for one that does not exist', async () => {
    const { s, noticeId } = await setUp();
    const body = JSON.stringify({ noticeId, status: 'removed' });
    expect((await post(s, 'silent', body, signed(secret(), body))).status).toBe(401);
    expect((await post(s, 'nosuchplatform', body, signed(secret(), body))).status).toBe(401);
  });

  it('answers 400 for a malformed body that is correctly signed', async () => {
    const { s, keys, noticeId, c } = await setUp();
    const cases = ['{not json', JSON.stringify({ noticeId, status: 'gone' }), JSON.stringify({ status: 'removed' }), '[]'];
    for (const body of cases) {
      const res = await post(s, 'hooked', body, signed(keys.hooked, body));
      expect(res.status, body).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    const invalid = await post(s, 'hooked', cases[1]!, signed(keys.hooked, cases[1]!));
    expect(invalid.json.errors).toEqual([expect.objectContaining({ path: '/status' })]);
    expect((await caseOf(s, c)).submissions[0].status).toBe('submitted');
  });

  it('answers 400 for a URL that is not in the notice, and records nothing', async () => {
    const { s, keys, noticeId, c } = await setUp();
    const body = JSON.stringify({ noticeId, status: 'removed', url: 'https://hooked.test/zzz' });
    const res = await post(s, 'hooked', body, signed(keys.hooked, body, { id: 'msg_bad_url' }));
    expect(res.status).toBe(400);
    expect(res.json.errors).toEqual([{ path: '/url', message: 'is not one of the links in this notice' }]);
    expect((await caseOf(s, c)).items.map((i: any) => i.status)).toEqual(['reported', 'reported']);
    // The id was not used up: the platform may correct itself under the same id.
    const fixed = JSON.stringify({ noticeId, status: 'removed', url: 'https://hooked.test/a' });
    expect((await post(s, 'hooked', fixed, signed(keys.hooked, fixed, { id: 'msg_bad_url' }))).status).toBe(204);
    expect((await caseOf(s, c)).items.map((i: any) => i.status)).toEqual(['removed', 'reported']);
  });

  it('answers 413 for a body over the limit', async () => {
    const { s, keys, noticeId } = await setUp();
    const body = JSON.stringify({ noticeId, status: 'rejected', reason: 'x'.repeat(20_000) });
    expect((await post(s, 'hooked', body, signed(keys.hooked, body))).status).toBe(413);
  });
});
