import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { call, createTestServices, fileRequest, type TestServices } from './support/services.js';
import { useMsw } from './support/msw.js';
import { READ_NOTICE_SOURCES } from '../src/cases/notice-input.js';
import { randomBytes } from 'node:crypto';
import { createKeyring, type Keyring } from '../src/privacy/seal.js';
import { createLogger } from '../src/logger.js';

const server = useMsw();

interface Call {
  at: number;
  method: string;
  headers: Record<string, string>;
  body: any;
}

// One mocked platform endpoint: records every call (with the manual clock's time) and answers
// with whatever `answer` says for the n-th call.
function platform(s: TestServices, id: string, answer: (n: number, body: any) => Response | Promise<Response>) {
  const calls: Call[] = [];
  server.use(
    http.post(`https://api.${id}.test/notices`, async ({ request }) => {
      const body = await request.json();
      calls.push({ at: s.clock.now(), method: request.method, headers: Object.fromEntries(request.headers.entries()), body });
      return answer(calls.length, body);
    }),
  );
  return calls;
}

async function view(s: TestServices, c: { reference: string; statusToken: string }) {
  const res = await call(s.app, 'GET', `/api/v1/requests/${c.reference}`, { token: c.statusToken });
  expect(res.status).toBe(200);
  return res.json;
}

const SECOND = 1_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe('dispatch: what a platform receives', () => {
  it('sends the contract wire format, with Authorization and Idempotency-Key = noticeId, and keeps the ticket id', async () => {
    const s = createTestServices({
      platforms: [{ id: 'alpha', channel: { type: 'http', url: 'https://api.alpha.test/notices', token: 'secret-token' } }],
    });
    const calls = platform(s, 'alpha', () => HttpResponse.json({ ticketId: 'A-1' }, { status: 201 }));
    const c = await fileRequest(s, ['https://alpha.test/1', 'https://www.alpha.test/2'], {
      over: { reporter: { role: 'victim', name: 'A. Person', email: 'person@example.org', phone: '+32 470 00 00 00' } },
    });
    const filedAt = s.clock.now();
    s.clock.advance(2 * SECOND);
    await s.worker.drain();

    expect(calls).toHaveLength(1);
    const [sent] = calls;
    expect(sent!.method).toBe('POST');
    expect(sent!.headers['content-type']).toBe('application/json');
    expect(sent!.headers.authorization).toBe('Bearer secret-token');
    expect(sent!.headers['idempotency-key']).toBe(sent!.body.noticeId);
    expect(sent!.body).toEqual({
      noticeId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      reference: c.reference,
      category: 'intimate_image',
      urgent: false,
      urls: ['https://alpha.test/1', 'https://www.alpha.test/2'],
      explanation: 'Intimate image shared without my consent.',
      reporter: { role: 'victim', name: 'A. Person', email: 'person@example.org' },
      goodFaith: true,
      submittedAt: iso(filedAt),
    });
    const v = await view(s, c);
    expect(v.submissions[0]).toMatchObject({
      status: 'submitted',
      attempts: 1,
      ticketId: 'A-1',
      lastError: null,
      submittedAt: iso(filedAt + 2 * SECOND),
    });
    expect(v.status).toBe('in_progress');
    // Sent once is sent: later passes leave it alone.
    s.clock.advance(60 * 60 * SECOND);
    await s.worker.drain();
    expect(calls).toHaveLength(1);
  });

  it('sends no Authorization header when the platform has no token, and takes a 2xx without a body', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }] });
    const calls = platform(s, 'alpha', () => new HttpResponse(null, { status: 202 }));
    const c = await fileRequest(s, ['https://alpha.test/1']);
    await s.worker.drain();
    expect(calls[0]!.headers.authorization).toBeUndefined();
    expect((await view(s, c)).submissions[0]).toMatchObject({ status: 'submitted', ticketId: null });
  });

  it('takes 409 as "already received"', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }] });
    platform(s, 'alpha', () => new HttpResponse('duplicate', { status: 409 }));
    const c = await fileRequest(s, ['https://alpha.test/1']);
    await s.worker.drain();
    const v = await view(s, c);
    expect(v.submissions[0].status).toBe('submitted');
    expect(v.events.at(-1)).toMatchObject({ type: 'submitted', detail: 'already received (409)' });
  });

  it.each([
    ['child sexual abuse', { category: 'child_sexual_abuse' }],
    ['an anonymous report', { reporter: undefined }],
  ])('forwards no reporter for %s', async (_, over) => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }] });
    const calls = platform(s, 'alpha', () => HttpResponse.json({}));
    await fileRequest(s, ['https://alpha.test/1'], { over });
    await s.worker.drain();
    expect(calls).toHaveLength(1);
    expect(calls[0]!.body.reporter).toBeNull();
    expect(JSON.stringify(calls[0]!.body)).not.toContain('person@example.org');
  });
});

describe('dispatch: retries', () => {
  it('quick-retries a 503 within one attempt, with the same noticeId, and counts every send', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }] });
    const calls = platform(s, 'alpha', (n) => (n === 1 ? new HttpResponse('busy', { status: 503 }) : HttpResponse.json({ ticketId: 'T' })));
    const c = await fileRequest(s, ['https://alpha.test/1']);
    await s.worker.drain();
    expect(calls).toHaveLength(2);
    expect(calls[1]!.body.noticeId).toBe(calls[0]!.body.noticeId);
    expect(calls[1]!.headers['idempotency-key']).toBe(calls[0]!.body.noticeId);
    const v = await view(s, c);
    expect(v.submissions[0]).toMatchObject({ status: 'submitted', attempts: 2, ticketId: 'T' });
    expect(v.events.map((e: any) => e.type).slice(-2)).toEqual(['attempt_failed', 'submitted']);
    expect(v.events.at(-2).detail).toContain('HTTP 503');
  });

  it('schedules a 503 for later with backoff, then sends again with the same noticeId', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }], config: { QUICK_RETRIES: 0, RETRY_BASE_MS: 10 * SECOND } });
    const calls = platform(s, 'alpha', (n) => (n === 1 ? new HttpResponse('busy', { status: 503 }) : HttpResponse.json({})));
    const c = await fileRequest(s, ['https://alpha.test/1']);
    const t0 = s.clock.now();
    await s.worker.drain();
    // random() is 0.5 in tests: half the delay fixed, a quarter from jitter.
    const first = await view(s, c);
    expect(first.submissions[0]).toMatchObject({
      status: 'queued',
      attempts: 1,
      lastError: 'HTTP 503: busy',
      nextAttemptAt: iso(t0 + 7_500),
    });
    expect(first.status).toBe('in_progress');

    s.clock.advance(7_499);
    await s.worker.drain();
    expect(calls).toHaveLength(1);
    s.clock.advance(1);
    await s.worker.drain();
    expect(calls).toHaveLength(2);
    expect(calls[1]!.body.noticeId).toBe(calls[0]!.body.noticeId);
    expect((await view(s, c)).submissions[0]).toMatchObject({ status: 'submitted', attempts: 2, lastError: null, nextAttemptAt: null });
  });

  it('treats a network error as retryable', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }], config: { QUICK_RETRIES: 0 } });
    const calls = platform(s, 'alpha', (n) => (n === 1 ? HttpResponse.error() : HttpResponse.json({})));
    const c = await fileRequest(s, ['https://alpha.test/1']);
    await s.worker.drain();
    expect((await view(s, c)).submissions[0]).toMatchObject({ status: 'queued', lastError: expect.stringContaining('network error') });
    s.clock.advance(60 * 60 * SECOND);
    await s.worker.drain();
    expect(calls).toHaveLength(2);
    expect((await view(s, c)).submissions[0].status).toBe('submitted');
  });

  it('tries again later a notice whose request could not be read after its claim, and leaves no lease behind', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }], config: { QUICK_RETRIES: 0, RETRY_BASE_MS: 10 * SECOND } });
    const calls = platform(s, 'alpha', () => HttpResponse.json({ ticketId: 'T' }));
    const c = await fileRequest(s, ['https://alpha.test/1']);
    // The read of the notices' sources fails once (the statement is compiled at its first use).
    const { sqlite } = s.database;
    const prepare = sqlite.prepare.bind(sqlite);
    let failed = 0;
    sqlite.prepare = ((source: string) => {
      if (source === READ_NOTICE_SOURCES && failed++ === 0) throw new Error('disk I/O error');
      return prepare(source);
    }) as typeof sqlite.prepare;
    await s.worker.drain();
    expect(calls).toHaveLength(0);
    expect((await view(s, c)).submissions[0]).toMatchObject({
      status: 'queued',
      attempts: 1,
      lastError: 'could not read the request: disk I/O error',
    });
    expect(sqlite.prepare('SELECT count(*) FROM submissions WHERE lease_owner IS NOT NULL').pluck().get()).toBe(0);
    s.clock.advance(60 * 60 * SECOND);
    await s.worker.drain();
    expect(calls).toHaveLength(1);
    expect((await view(s, c)).submissions[0]).toMatchObject({ status: 'submitted', attempts: 2, ticketId: 'T' });
  });

  it.each([
    ['seconds', () => '120'],
    ['an HTTP-date', (now: number) => new Date(now + 120 * SECOND).toUTCString()],
  ])('honours a 429 with Retry-After in %s: no quick retry, and nothing sent before it', async (_, retryAfter) => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }], config: { RETRY_BASE_MS: SECOND } });
    const t0 = s.clock.now();
    const calls = platform(s, 'alpha', (n) =>
      n === 1 ? new HttpResponse('slow down', { status: 429, headers: { 'retry-after': retryAfter(t0) } }) : HttpResponse.json({}),
    );
    const c = await fileRequest(s, ['https://alpha.test/1']);
    await s.worker.drain();
    expect(calls).toHaveLength(1);
    expect((await view(s, c)).submissions[0]).toMatchObject({ status: 'queued', attempts: 1, nextAttemptAt: iso(t0 + 120 * SECOND) });
    s.clock.advance(120 * SECOND - 1);
    await s.worker.drain();
    expect(calls).toHaveLength(1);
    s.clock.advance(1);
    await s.worker.drain();
    expect(calls).toHaveLength(2);
    expect(calls[1]!.at).toBe(t0 + 120 * SECOND);
    expect(calls[1]!.body.noticeId).toBe(calls[0]!.body.noticeId);
  });

  it('honours a short Retry-After on a 503 as a floor: no quick retry sooner, the next send at or after it', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }], config: { QUICK_RETRIES: 2, RETRY_BASE_MS: 100 } });
    const t0 = s.clock.now();
    const calls = platform(s, 'alpha', (n) =>
      n === 1 ? new HttpResponse('busy', { status: 503, headers: { 'retry-after': '2' } }) : HttpResponse.json({}),
    );
    const c = await fileRequest(s, ['https://alpha.test/1']);
    await s.worker.drain();
    expect(calls).toHaveLength(1);
    expect((await view(s, c)).submissions[0]).toMatchObject({ status: 'queued', attempts: 1, nextAttemptAt: iso(t0 + 2 * SECOND) });
    s.clock.advance(2 * SECOND - 1);
    await s.worker.drain();
    expect(calls).toHaveLength(1);
    s.clock.advance(1);
    await s.worker.drain();
    expect(calls).toHaveLength(2);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(2 * SECOND);
    expect(calls[1]!.headers['idempotency-key']).toBe(calls[0]!.headers['idempotency-key']);
    expect((await view(s, c)).submissions[0]).toMatchObject({ status: 'submitted', attempts: 2 });
  });

  it('waits with backoff, not failing, while a key is missing from the keyring, and resumes once it is back', async () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'error', destination: { write: (line: string) => void lines.push(line) } });
    const s = createTestServices({ platforms: [{ id: 'alpha' }], config: { RETRY_BASE_MS: 10 * SECOND }, logger });
    const calls = platform(s, 'alpha', () => HttpResponse.json({ ticketId: 'T' }));
    const c = await fileRequest(s, ['https://alpha.test/1']);
    // A restart with a new DATA_KEY, the old one left out of DATA_KEYS_PREVIOUS by mistake.
    const keyring = s.keyring as { -readonly [K in keyof Keyring]: Keyring[K] };
    const { keys, currentId } = keyring;
    Object.assign(keyring, createKeyring(randomBytes(32)));
    const t0 = s.clock.now();
    await s.worker.drain();
    expect(calls).toHaveLength(0);
    expect((await view(s, c)).submissions[0]).toMatchObject({ status: 'queued', attempts: 1, nextAttemptAt: iso(t0 + 7_500) });
    expect(lines.some((l) => l.includes('a key is missing from the keyring'))).toBe(true);

    // The operator puts the old key back.
    Object.assign(keyring, { keys, currentId });
    s.clock.advance(7_500);
    await s.worker.drain();
    expect(calls).toHaveLength(1);
    expect((await view(s, c)).submissions[0]).toMatchObject({ status: 'submitted', attempts: 2, ticketId: 'T' });
  });

  it('rejects on 422, keeps the reason, never retries, and the request needs attention', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }] });
    const calls = platform(s, 'alpha', () => HttpResponse.json({ error: 'URL not on our service' }, { status: 422 }));
    const c = await fileRequest(s, ['https://alpha.test/1']);
    await s.worker.drain();
    s.clock.advance(24 * 60 * 60 * SECOND);
    await s.worker.drain();
    expect(calls).toHaveLength(1);
    const v = await view(s, c);
    expect(v.status).toBe('needs_attention');
    expect(v.submissions[0]).toMatchObject({
      status: 'rejected',
      attempts: 1,
      lastError: 'HTTP 422: {"error":"URL not on our service"}',
      nextAttemptAt: null,
    });
    expect(v.events.at(-1)).toMatchObject({
      type: 'rejected',
      platform: 'alpha',
      detail: expect.stringContaining('URL not on our service'),
    });
  });

  it('retries a platform that does not answer in time later, without a quick retry', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }], config: { SEND_TIMEOUT_MS: 100 } });
    const calls = platform(s, 'alpha', (n) => (n === 1 ? new Promise<Response>(() => {}) : HttpResponse.json({ ticketId: 'late' })));
    const c = await fileRequest(s, ['https://alpha.test/1']);
    await s.worker.drain();
    expect(calls).toHaveLength(1);
    const v = await view(s, c);
    expect(v.submissions[0]).toMatchObject({ status: 'queued', attempts: 1, lastError: 'the platform did not answer in time' });
    s.clock.advance(60 * 60 * SECOND);
    await s.worker.drain();
    expect(calls).toHaveLength(2);
    expect(calls[1]!.body.noticeId).toBe(calls[0]!.body.noticeId);
    expect((await view(s, c)).submissions[0]).toMatchObject({ status: 'submitted', attempts: 2, ticketId: 'late' });
  });

  it('gives up after MAX_ATTEMPTS sends, quick retries included: failed, and the request needs attention', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }], config: { MAX_ATTEMPTS: 4, QUICK_RETRIES: 1 } });
    const calls = platform(s, 'alpha', () => new HttpResponse('down', { status: 500 }));
    const c = await fileRequest(s, ['https://alpha.test/1']);
    for (let i = 0; i < 10; i++) {
      await s.worker.drain();
      s.clock.advance(24 * 60 * 60 * SECOND);
    }
    expect(calls).toHaveLength(4);
    expect(new Set(calls.map((x) => x.body.noticeId)).size).toBe(1);
    const v = await view(s, c);
    expect(v.status).toBe('needs_attention');
    expect(v.submissions[0]).toMatchObject({ status: 'failed', attempts: 4, nextAttemptAt: null });
    expect(v.submissions[0].lastError).toMatch(/^gave up after 4 attempts: HTTP 500/);
    expect(v.events.filter((e: any) => e.type === 'attempt_failed')).toHaveLength(3);
    expect(v.events.at(-1)).toMatchObject({ type: 'failed' });
  });
});
