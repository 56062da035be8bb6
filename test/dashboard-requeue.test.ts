import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { events } from '../src/db/schema.js';
import { seedAccount } from './support/accounts.js';
import { dashboardClient } from './support/dashboard.js';
import { useMsw } from './support/msw.js';
import { call, createTestServices, requestBody } from './support/services.js';

const msw = useMsw();

// A caseworker sends a notice again from the case page: "retry now" for one that failed,
// "re-notify" for one the platform received and left unanswered.
async function caseworkerWithSentCase(answer: () => Response, config: Record<string, unknown> = {}) {
  const calls: Array<{ key: string | null; body: unknown }> = [];
  msw.use(
    http.post('https://api.alpha.test/notices', async ({ request }) => {
      calls.push({ key: request.headers.get('idempotency-key'), body: await request.json() });
      return answer();
    }),
  );
  const s = createTestServices({ platforms: [{ id: 'alpha', channel: { type: 'http', url: 'https://api.alpha.test/notices' } }], config });
  const cw = await seedAccount(s, 'caseworker', { login: 'cw@example.org' });
  const filed = await call(s.app, 'POST', '/api/v1/requests', { body: requestBody(['https://alpha.test/p/1']) });
  await s.worker.drain();
  const browser = dashboardClient(s);
  await browser.signIn('cw@example.org');
  const reference = filed.json.reference as string;
  const submissionId = filed.json.submissions[0].id as string;
  const act = async (action: string) => {
    const page = await browser.get(`/admin/cases/${reference}`);
    return browser.post(`/admin/cases/${reference}/${action}`, { submissionId, csrf: browser.csrfOf(page.text) });
  };
  const status = () => s.database.sqlite.prepare('SELECT status FROM submissions').pluck().get();
  const mine = () =>
    s.database.db
      .select()
      .from(events)
      .all()
      .filter((e) => e.actor === `account:${cw.id}`)
      .map((e) => e.type);
  return { s, calls, act, status, mine };
}

describe('sending a notice again from the dashboard', () => {
  it('re-notifies a platform that received a notice and left it unanswered, as a reminder it cannot take for a retry', async () => {
    const { s, calls, act, status, mine } = await caseworkerWithSentCase(() => HttpResponse.json({ id: 'T-1' }));
    expect(status()).toBe('submitted');
    expect((await act('renotify')).location).toContain('msg=done');
    await s.periodic.runAll();
    expect(calls).toHaveLength(2);
    // The notice's own key would be answered from the platform's memory of it; a reminder has its own.
    expect(calls[1]!.key).toBe(`${calls[0]!.key}:reminder:1`);
    expect(calls[1]!.body).toMatchObject({ reminder: 1 });
    expect(status()).toBe('submitted');
    expect(mine()).toEqual(['renotified']);
    // A second re-notify is the second reminder.
    await act('renotify');
    await s.periodic.runAll();
    expect(calls.map((c) => c.key)).toEqual([calls[0]!.key, `${calls[0]!.key}:reminder:1`, `${calls[0]!.key}:reminder:2`]);
  });

  it('sends the reminder at once, not at the reminders job’s next run', async () => {
    // The job runs hourly here, so only the caseworker's action can have sent it within the wait.
    const { s, calls, act } = await caseworkerWithSentCase(() => HttpResponse.json({ id: 'T-1' }), { OUTBOX_POLL_MS: 3_600_000 });
    s.periodic.start();
    try {
      expect((await act('renotify')).location).toContain('msg=done');
      await vi.waitFor(() => expect(calls).toHaveLength(2), { timeout: 3_000, interval: 10 });
      expect(calls[1]!.key).toBe(`${calls[0]!.key}:reminder:1`);
    } finally {
      await s.periodic.stop();
    }
  });

  it('stops at once while a reminder waits for a platform that does not answer, and keeps the reminder', async () => {
    let hang = false;
    const { s, calls, act } = await caseworkerWithSentCase(
      () => (hang ? (new Promise<Response>(() => {}) as unknown as Response) : HttpResponse.json({ id: 'T-1' })),
      { OUTBOX_POLL_MS: 3_600_000, SEND_TIMEOUT_MS: 60_000 },
    );
    hang = true;
    s.periodic.start();
    await act('renotify');
    await vi.waitFor(() => expect(calls).toHaveLength(2), { timeout: 3_000, interval: 10 });
    const t0 = performance.now();
    await s.periodic.stop();
    expect(performance.now() - t0).toBeLessThan(2_000);
    const reminder = s.database.sqlite.prepare('SELECT status, attempts, next_attempt_at AS due FROM reminders').get();
    expect(reminder).toEqual({ status: 'queued', attempts: 0, due: s.clock.now() });
  });

  it('sends a refused notice again as the notice itself', async () => {
    const { s, calls, act, status, mine } = await caseworkerWithSentCase(() => new HttpResponse('no', { status: 400 }));
    expect(status()).toBe('rejected');
    expect((await act('renotify')).location).toContain('msg=done');
    await s.worker.drain();
    expect(calls.map((c) => c.key)).toEqual([calls[0]!.key, calls[0]!.key]);
    expect(mine()).toEqual(['renotified']);
  });

  it('retries a notice that failed, at once, and refuses to retry one that went out', async () => {
    let answer = 400;
    const { s, calls, act, status, mine } = await caseworkerWithSentCase(() =>
      answer === 200 ? HttpResponse.json({ id: 'T-2' }) : new HttpResponse('no', { status: answer }),
    );
    expect(status()).toBe('rejected');
    // Retry is for failures the platform did not decide; a refusal is re-notified instead.
    expect((await act('retry')).location).toContain('msg=notNow');
    s.database.sqlite.exec(`UPDATE submissions SET status = 'failed', last_error = 'HTTP 503'`);
    answer = 200;
    expect((await act('retry')).location).toContain('msg=done');
    await s.worker.drain();
    expect(calls).toHaveLength(2);
    expect(status()).toBe('submitted');
    expect((await act('retry')).location).toContain('msg=notNow');
    expect(calls).toHaveLength(2);
    expect(mine()).toEqual(['retried']);
  });
});

describe('sending a notice again: what the caseworker is given', () => {
  it('gives a failed notice a fresh attempt budget, with backoff between its sends', async () => {
    const { s, calls, act, status } = await caseworkerWithSentCase(() => new HttpResponse('busy', { status: 503 }), {
      MAX_ATTEMPTS: 3,
      QUICK_RETRIES: 0,
      RETRY_BASE_MS: 1_000,
      RETRY_MAX_MS: 10_000,
    });
    for (let i = 0; i < 5; i++) {
      s.clock.advance(60_000);
      await s.worker.drain();
    }
    expect(status()).toBe('failed');
    expect(calls).toHaveLength(3);

    expect((await act('retry')).location).toContain('msg=done');
    await s.worker.drain();
    expect(calls).toHaveLength(4);
    // Not failed again at once: the next attempt waits for its backoff.
    const row = s.database.sqlite.prepare('SELECT status, attempts, next_attempt_at FROM submissions').get() as any;
    expect(row).toMatchObject({ status: 'queued', attempts: 1 });
    expect(row.next_attempt_at).toBeGreaterThan(s.clock.now());
    for (let i = 0; i < 5; i++) {
      s.clock.advance(60_000);
      await s.worker.drain();
    }
    expect(calls).toHaveLength(6);
    expect(status()).toBe('failed');
    // Every send stays on the timeline.
    const failures = s.database.sqlite.prepare(`SELECT count(*) FROM events WHERE type IN ('attempt_failed', 'failed')`).pluck().get();
    expect(failures).toBe(6);
  });

  it('makes a notice filed by hand a new task for a person, never a send the worker turns into a refusal', async () => {
    const s = createTestServices({ platforms: [{ id: 'formy', channel: { type: 'manual', formUrl: 'https://formy.test/report' } }] });
    await seedAccount(s, 'caseworker', { login: 'cw@example.org' });
    const filed = await call(s.app, 'POST', '/api/v1/requests', { body: requestBody(['https://formy.test/p/1']) });
    const browser = dashboardClient(s);
    await browser.signIn('cw@example.org');
    const reference = filed.json.reference as string;
    const submissionId = filed.json.submissions[0].id as string;
    const act = async (action: string, fields: Record<string, string> = {}) => {
      const page = await browser.get(`/admin/cases/${reference}`);
      return browser.post(`/admin/cases/${reference}/${action}`, { submissionId, csrf: browser.csrfOf(page.text), ...fields });
    };
    const row = () => s.database.sqlite.prepare('SELECT status, next_attempt_at FROM submissions').get() as any;

    expect(row().status).toBe('manual_pending');
    expect((await act('filed', { ticketId: 'F-1' })).location).toContain('msg=done');
    expect(row().status).toBe('submitted');
    expect((await act('renotify')).location).toContain('msg=done');
    expect(row()).toEqual({ status: 'manual_pending', next_attempt_at: null });
    await s.worker.drain();
    expect(row().status).toBe('manual_pending');
    expect((await act('filed', { ticketId: 'F-2' })).location).toContain('msg=done');
    expect(row().status).toBe('submitted');
    const types = s.database.sqlite.prepare('SELECT type FROM events').pluck().all();
    expect(types).not.toContain('rejected');
  });

  it('leaves a manual notice that reached the queue anyway for a person, and counts no attempt', async () => {
    const s = createTestServices({ platforms: [{ id: 'formy', channel: { type: 'manual', formUrl: 'https://formy.test/report' } }] });
    await call(s.app, 'POST', '/api/v1/requests', { body: requestBody(['https://formy.test/p/1']) });
    s.database.sqlite.exec(`UPDATE submissions SET status = 'queued', next_attempt_at = 0`);
    await s.worker.drain();
    expect(s.database.sqlite.prepare('SELECT status, attempts FROM submissions').get()).toEqual({ status: 'manual_pending', attempts: 0 });
    const types = s.database.sqlite.prepare('SELECT type FROM events').pluck().all();
    expect(types).not.toContain('rejected');
  });
});
