import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { createAccount } from '../src/accounts/api-keys.js';
import { call, createTestServices, fileRequest, type TestServices } from './support/services.js';
import { useMsw } from './support/msw.js';

const server = useMsw();

function staffKey(s: TestServices, role: 'caseworker' | 'organisation' = 'caseworker', name: string = role) {
  return createAccount(s.database.db, { role, name, now: s.clock.now() }).apiKey;
}

describe('GET /api/v1/requests/{reference}', () => {
  it('shows the reporter every submission and the event timeline', async () => {
    server.use(http.post('https://api.alpha.test/notices', () => HttpResponse.json({ ticketId: 'T-9' })));
    const s = createTestServices({ platforms: [{ id: 'alpha' }, { id: 'beta', channel: { type: 'manual' } }] });
    const c = await fileRequest(s, ['https://alpha.test/1', 'https://beta.test/2', 'https://alpha.test/3']);
    s.clock.advance(1_000);
    await s.worker.drain();

    const res = await call(s.app, 'GET', `/api/v1/requests/${c.reference}`, { token: c.statusToken });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.json).toMatchObject({
      reference: c.reference,
      category: 'intimate_image',
      urgent: false,
      status: 'in_progress',
      createdAt: '2026-01-05T09:00:00.000Z',
      updatedAt: '2026-01-05T09:00:01.000Z',
      items: [
        { url: 'https://alpha.test/1', platform: 'alpha', status: 'reported' },
        { url: 'https://beta.test/2', platform: 'beta', status: 'reported' },
        { url: 'https://alpha.test/3', platform: 'alpha', status: 'reported' },
      ],
    });
    expect(res.json.submissions).toHaveLength(2);
    expect(res.json.submissions[0]).toMatchObject({
      platform: 'alpha',
      channel: 'http',
      status: 'submitted',
      attempts: 1,
      ticketId: 'T-9',
      lastError: null,
      nextAttemptAt: null,
      submittedAt: '2026-01-05T09:00:01.000Z',
      urls: ['https://alpha.test/1', 'https://alpha.test/3'],
    });
    expect(res.json.submissions[1]).toMatchObject({ platform: 'beta', channel: 'manual', status: 'manual_pending', attempts: 0 });
    expect(res.json.submissions[1].manualTask.text).toContain('https://beta.test/2');
    expect(res.json.events.map((e: any) => [e.type, e.platform])).toEqual([
      ['created', null],
      ['routed', 'alpha'],
      ['routed', 'beta'],
      ['submitted', 'alpha'],
    ]);
    expect(res.json.events[3]).toMatchObject({ at: '2026-01-05T09:00:01.000Z', detail: 'ticket T-9' });
  });

  it('accepts the reference as people type it', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }] });
    const c = await fileRequest(s, ['https://alpha.test/1']);
    const typed = c.reference.toLowerCase().replace(/-/g, '');
    const res = await call(s.app, 'GET', `/api/v1/requests/${typed}`, { token: c.statusToken });
    expect(res.status).toBe(200);
    expect(res.json.reference).toBe(c.reference);
  });

  it('answers a wrong token, a missing token, another case’s token and an unknown reference with the same 404', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }] });
    const c = await fileRequest(s, ['https://alpha.test/1']);
    const other = await fileRequest(s, ['https://alpha.test/2']);
    const unknown = c.reference === 'TD-0000-0000' ? 'TD-0000-0001' : 'TD-0000-0000';
    const answers = [
      await call(s.app, 'GET', `/api/v1/requests/${c.reference}`),
      await call(s.app, 'GET', `/api/v1/requests/${c.reference}`, { token: 'not-the-token' }),
      await call(s.app, 'GET', `/api/v1/requests/${c.reference}`, { token: other.statusToken }),
      await call(s.app, 'GET', `/api/v1/requests/${c.reference}`, { token: `tdk_0123456789abcdef_${'x'.repeat(43)}` }),
      await call(s.app, 'GET', `/api/v1/requests/${c.reference}`, { headers: { authorization: 'Basic abc' } }),
      await call(s.app, 'GET', `/api/v1/requests/${unknown}`, { token: c.statusToken }),
      await call(s.app, 'GET', `/api/v1/requests/not-a-reference`, { token: c.statusToken }),
    ];
    for (const a of answers) {
      expect(a.status).toBe(404);
      expect(a.headers.get('content-type')).toBe('application/problem+json');
      expect(a.text).toBe(answers[0]!.text);
    }
    expect(answers[0]!.json).toMatchObject({ status: 404, title: 'Not found' });
    expect(answers[0]!.text).not.toContain(c.reference);
  });

  it('lets a caseworker read any case and an organisation only the cases it filed', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }] });
    const caseworker = staffKey(s, 'caseworker');
    const orgA = staffKey(s, 'organisation', 'Scouts A');
    const orgB = staffKey(s, 'organisation', 'Club B');
    const byA = await fileRequest(s, ['https://alpha.test/1'], { token: orgA });
    const anonymous = await fileRequest(s, ['https://alpha.test/2']);
    const status = async (ref: string, token: string) => (await call(s.app, 'GET', `/api/v1/requests/${ref}`, { token })).status;
    expect(await status(byA.reference, caseworker)).toBe(200);
    expect(await status(anonymous.reference, caseworker)).toBe(200);
    expect(await status(byA.reference, orgA)).toBe(200);
    expect(await status(byA.reference, orgB)).toBe(404);
    expect(await status(anonymous.reference, orgA)).toBe(404);
  });
});

describe('POST /api/v1/requests/{reference}/withdraw', () => {
  it('stops pending work for the reporter, keeps notices already sent, and is harmless when repeated', async () => {
    const sent: string[] = [];
    server.use(
      http.post('https://api.alpha.test/notices', async ({ request }) => {
        sent.push(((await request.json()) as any).noticeId);
        return HttpResponse.json({ ticketId: 'A' });
      }),
      http.post('https://api.gamma.test/notices', async ({ request }) => {
        sent.push(((await request.json()) as any).noticeId);
        return new HttpResponse('down', { status: 503 });
      }),
    );
    const s = createTestServices({
      platforms: [{ id: 'alpha' }, { id: 'gamma' }, { id: 'beta', channel: { type: 'manual' } }],
      config: { QUICK_RETRIES: 0 },
    });
    const c = await fileRequest(s, ['https://alpha.test/1', 'https://gamma.test/2', 'https://beta.test/3']);
    await s.worker.drain();
    expect(sent).toHaveLength(2);

    s.clock.advance(5_000);
    const res = await call(s.app, 'POST', `/api/v1/requests/${c.reference}/withdraw`, { token: c.statusToken });
    expect(res.status).toBe(200);
    expect(res.json.status).toBe('withdrawn');
    expect(res.json.submissions.map((x: any) => [x.platform, x.status])).toEqual([
      ['alpha', 'submitted'],
      ['gamma', 'withdrawn'],
      ['beta', 'withdrawn'],
    ]);
    expect(res.json.submissions[1].nextAttemptAt).toBeNull();
    expect(res.json.events.at(-1)).toMatchObject({ type: 'withdrawn', detail: expect.stringContaining('2 pending notice(s) stopped') });

    // The retry gamma was waiting for never comes.
    s.clock.advance(24 * 60 * 60 * 1000);
    await s.worker.drain();
    expect(sent).toHaveLength(2);

    const again = await call(s.app, 'POST', `/api/v1/requests/${c.reference}/withdraw`, { token: c.statusToken });
    expect(again.status).toBe(200);
    expect(again.json.status).toBe('withdrawn');
    expect(again.json.events.filter((e: any) => e.type === 'withdrawn')).toHaveLength(1);
  });

  it('lets a caseworker withdraw, but not an organisation, a stranger or a wrong token', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }] });
    const org = staffKey(s, 'organisation');
    const c = await fileRequest(s, ['https://alpha.test/1'], { token: org });
    const other = await fileRequest(s, ['https://alpha.test/2']);
    for (const token of [undefined, 'wrong', other.statusToken, org]) {
      const res = await call(s.app, 'POST', `/api/v1/requests/${c.reference}/withdraw`, { token });
      expect(res.status).toBe(404);
    }
    expect((await call(s.app, 'GET', `/api/v1/requests/${c.reference}`, { token: org })).json.status).toBe('open');

    const res = await call(s.app, 'POST', `/api/v1/requests/${c.reference}/withdraw`, { token: staffKey(s) });
    expect(res.status).toBe(200);
    expect(res.json.submissions[0].status).toBe('withdrawn');
    const sent: string[] = [];
    server.use(
      http.post('https://api.alpha.test/notices', async ({ request }) => {
        sent.push(((await request.json()) as any).reference);
        return HttpResponse.json({});
      }),
    );
    await s.worker.drain();
    expect(sent).toEqual([other.reference]);
    expect((await call(s.app, 'GET', `/api/v1/requests/${c.reference}`, { token: org })).json.submissions[0]).toMatchObject({
      status: 'withdrawn',
      attempts: 0,
    });
  });
});
