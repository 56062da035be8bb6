import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { createAccount } from '../src/accounts/api-keys.js';
import { loadConfig, testConfig } from '../src/config.js';
import { CANDIDATE_QUERIES, escalateOverdue } from '../src/confirm/escalate-overdue.js';
import { clockWindows, expiredClocks, runningClocks } from '../src/confirm/response-clocks.js';
import { alerts, reminders } from '../src/db/schema.js';
import { createSmtpMailer } from '../src/mail/smtp-mailer.js';
import { ALERT_SECRET, ALERT_URL, alertHttp, alertReceiver, smtpSink } from './support/alerts.js';
import { record, useMsw, type Recorded } from './support/msw.js';
import { call, createTestServices, requestBody, type TestServices } from './support/services.js';

const server = useMsw();

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

type Answer = (body: any, headers: Record<string, string>) => Response;

// A platform that takes notices at https://api.<id>.test/notices and keeps what it received.
function platform(id: string, answer: Answer = () => HttpResponse.json({ ticketId: `${id}-1` }, { status: 201 })) {
  const seen: Recorded[] = [];
  server.use(
    http.post(`https://api.${id}.test/notices`, async ({ request }) => {
      const r = await record(request);
      seen.push(r);
      return answer(r.body, r.headers);
    }),
  );
  return seen;
}

function services(over: Parameters<typeof createTestServices>[0] = {}) {
  const s = createTestServices({
    platforms: [{ id: 'alpha' }, { id: 'beta' }, { id: 'formonly', channel: { type: 'manual' } }],
    safeHttp: alertHttp(),
    ...over,
    config: { ALERT_WEBHOOK_URL: ALERT_URL, ALERT_WEBHOOK_SECRET: ALERT_SECRET, ...over.config },
  });
  const caseworker = createAccount(s.database.db, { role: 'caseworker', name: 'On call', now: s.clock.now() }).apiKey;
  return Object.assign(s, { caseworker });
}

async function file(s: TestServices, urls: string[], over: Record<string, unknown> = {}) {
  const res = await call(s.app, 'POST', '/api/v1/requests', { body: requestBody(urls, over) });
  expect(res.status).toBe(201);
  return res.json as { reference: string; statusToken: string; submissions: Array<{ id: string }> };
}

async function view(s: TestServices, c: { reference: string; statusToken: string }) {
  return (await call(s.app, 'GET', `/api/v1/requests/${c.reference}`, { token: c.statusToken })).json;
}

async function listed(s: ReturnType<typeof services>, query: string) {
  const res = await call(s.app, 'GET', `/api/v1/requests?${query}`, { token: s.caseworker });
  expect(res.status).toBe(200);
  return (res.json.items as Array<{ reference: string; overdue: boolean; status: string }>).map((i) => i.reference);
}

const escalations = (v: any) => v.events.filter((e: any) => e.type === 'escalated');

describe('response clocks', () => {
  it('derives the windows from urgency and category, with overrides', () => {
    const config = testConfig({
      CLOCKS_BY_CATEGORY: loadConfig({ CLOCKS_BY_CATEGORY: '{"harassment":{"acknowledge":600000}}' }).CLOCKS_BY_CATEGORY,
    });
    expect(clockWindows(config, { urgent: true, category: 'sextortion' })).toEqual({ send: 5 * MIN, acknowledge: HOUR, remove: DAY });
    expect(clockWindows(config, { urgent: false, category: 'intimate_image' })).toEqual({
      send: HOUR,
      acknowledge: 48 * HOUR,
      remove: 7 * DAY,
    });
    expect(clockWindows(config, { urgent: false, category: 'harassment' })).toEqual({ send: HOUR, acknowledge: 10 * MIN, remove: 7 * DAY });
    const w = clockWindows(config, { urgent: false, category: 'other' });
    const t = 1_000_000;
    expect(runningClocks({ status: 'queued', createdAt: t, submittedAt: null, acknowledgedAt: null }, w)).toEqual([
      { clock: 'send', deadline: t + HOUR },
    ]);
    // The platform's clocks start when the notice reached it.
    expect(runningClocks({ status: 'submitted', createdAt: t, submittedAt: t + 5 * HOUR, acknowledgedAt: null }, w)).toEqual([
      { clock: 'acknowledge', deadline: t + 53 * HOUR },
      { clock: 'remove', deadline: t + 5 * HOUR + 7 * DAY },
    ]);
    expect(runningClocks({ status: 'acknowledged', createdAt: t, submittedAt: t, acknowledgedAt: t + 1 }, w)).toEqual([
      { clock: 'remove', deadline: t + 7 * DAY },
    ]);
    for (const status of ['removed', 'rejected', 'failed', 'withdrawn']) {
      expect(expiredClocks({ status, createdAt: t, submittedAt: t, acknowledgedAt: null }, w, t + 365 * DAY)).toEqual([]);
    }
  });

  it('escalates an ordinary notice left unacknowledged for 48 h: event, overdue, reminder, alert; once', async () => {
    const alpha = platform('alpha');
    const s = services();
    const received = alertReceiver(server);
    const c = await file(s, ['https://alpha.test/1']);
    await s.worker.drain();
    expect(alpha).toHaveLength(1);
    const noticeId = alpha[0]!.body.noticeId;

    s.clock.advance(48 * HOUR - 1);
    await s.periodic.runAll();
    let v = await view(s, c);
    expect(escalations(v)).toHaveLength(0);
    expect(v.submissions[0].overdue).toBe(false);
    expect(await listed(s, 'overdue=true')).toEqual([]);

    s.clock.advance(1);
    await s.periodic.runAll();
    v = await view(s, c);
    expect(escalations(v)).toHaveLength(1);
    expect(escalations(v)[0].detail).toMatch(
      /^not acknowledged by the platform within 48 h .*reminder 1 queued; on-call caseworkers alerted$/,
    );
    expect(v.submissions[0]).toMatchObject({ status: 'submitted', overdue: true });
    expect(v.status).toBe('needs_attention');
    expect(await listed(s, 'overdue=true')).toEqual([c.reference]);

    // The reminder: the same notice, marked, under its own idempotency key.
    expect(alpha).toHaveLength(2);
    expect(alpha[1]!.headers['idempotency-key']).toBe(`${noticeId}:reminder:1`);
    expect(alpha[1]!.body).toEqual({ ...alpha[0]!.body, reminder: 1 });
    expect(v.events.at(-1)).toMatchObject({ type: 'note', kind: 'reminded', detail: 'reminder 1 sent to alpha' });

    // The alert: signed (the receiver checked), about this case, without personal data or links.
    expect(received).toHaveLength(1);
    expect(received[0]!.body).toMatchObject({
      type: 'submission.overdue',
      reference: c.reference,
      platform: 'alpha',
      clock: 'acknowledge',
      urgent: false,
      reminder: 1,
    });
    expect(received[0]!.raw).not.toMatch(/alpha\.test\/1|person@example\.org|A\. Person|Intimate image shared/);

    // Running again changes nothing and sends nothing.
    const events = v.events.length;
    s.clock.advance(MIN);
    await s.periodic.runAll();
    expect((await view(s, c)).events).toHaveLength(events);
    expect(alpha).toHaveLength(2);
    expect(received).toHaveLength(1);
  });

  it('clears the flag once the platform answers, and escalates the removal clock with reminder 2', async () => {
    const alpha = platform('alpha');
    const s = services();
    alertReceiver(server);
    const c = await file(s, ['https://alpha.test/1']);
    await s.worker.drain();
    const submissionId = c.submissions[0]!.id;
    s.clock.advance(48 * HOUR);
    await s.periodic.runAll();
    expect((await view(s, c)).status).toBe('needs_attention');

    s.clock.advance(HOUR);
    const ack = await call(s.app, 'POST', `/api/v1/requests/${c.reference}/submissions/${submissionId}/outcome`, {
      token: s.caseworker,
      body: { outcome: 'acknowledged', note: 'answered by phone' },
    });
    expect(ack.status).toBe(200);
    await s.periodic.runAll();
    let v = await view(s, c);
    expect(v.submissions[0]).toMatchObject({ status: 'acknowledged', overdue: false });
    expect(v.status).toBe('in_progress');
    expect(await listed(s, 'overdue=true')).toEqual([]);

    // Seven days after the notice went out, it is still up.
    s.clock.advance(7 * DAY - 49 * HOUR - 1);
    await s.periodic.runAll();
    expect(escalations(await view(s, c))).toHaveLength(1);
    s.clock.advance(1);
    await s.periodic.runAll();
    v = await view(s, c);
    expect(escalations(v)).toHaveLength(2);
    expect(escalations(v)[1].detail).toMatch(/^not acted on by the platform within 7 days .*reminder 2 queued/);
    expect(v.submissions[0].overdue).toBe(true);
    expect(alpha.map((r) => r.headers['idempotency-key'])).toEqual([
      alpha[0]!.body.noticeId,
      `${alpha[0]!.body.noticeId}:reminder:1`,
      `${alpha[0]!.body.noticeId}:reminder:2`,
    ]);

    // Removal ends it: no longer overdue, the request resolved.
    const removed = await call(s.app, 'POST', `/api/v1/requests/${c.reference}/submissions/${submissionId}/outcome`, {
      token: s.caseworker,
      body: { outcome: 'removed' },
    });
    expect(removed.status).toBe(200);
    v = await view(s, c);
    expect(v.status).toBe('resolved');
    expect(v.submissions[0].overdue).toBe(false);
    expect(await listed(s, 'overdue=true')).toEqual([]);
  });

  it('alerts the on-call when an urgent case is filed, and escalates a notice not sent within 5 min', async () => {
    // The platform is down: the notice keeps waiting for its next attempt.
    platform('alpha', () => new HttpResponse('down', { status: 503 }));
    const s = services();
    const received = alertReceiver(server);
    const c = await file(s, ['https://alpha.test/1'], { category: 'sextortion' });
    await s.worker.drain();
    await s.periodic.runAll();
    expect(received.map((a) => a.body.type)).toEqual(['request.urgent']);
    expect(received[0]!.body).toMatchObject({ reference: c.reference, category: 'sextortion', platforms: ['alpha'] });
    expect(received[0]!.raw).not.toMatch(/alpha\.test\/1|person@example\.org|A\. Person/);

    s.clock.advance(5 * MIN - 1);
    await s.periodic.runAll();
    expect(escalations(await view(s, c))).toHaveLength(0);
    s.clock.advance(1);
    await s.periodic.runAll();
    const v = await view(s, c);
    expect(v.submissions[0].status).toBe('queued');
    expect(escalations(v).map((e: any) => e.detail)).toEqual([
      expect.stringMatching(/^not sent within 5 min .*on-call caseworkers alerted$/),
    ]);
    expect(v.submissions[0].overdue).toBe(true);
    expect(v.status).toBe('needs_attention');
    // No reminder for a notice that never went out; the alert says which clock ran out.
    expect(s.database.db.select().from(reminders).all()).toHaveLength(0);
    expect(received.map((a) => [a.body.type, a.body.clock])).toEqual([
      ['request.urgent', undefined],
      ['submission.overdue', 'send'],
    ]);
    expect(await listed(s, 'overdue=true&urgent=true')).toEqual([c.reference]);
  });

  it('alerts the on-call as soon as an urgent case is filed, not at the alerts job’s next run', async () => {
    platform('alpha');
    // The job runs hourly here: only the filing's wake-up can have sent the alert within the wait.
    const s = services({ config: { OUTBOX_POLL_MS: 3_600_000 } });
    const received = alertReceiver(server);
    s.periodic.start();
    try {
      const c = await file(s, ['https://alpha.test/1'], { category: 'sextortion' });
      await vi.waitFor(() => expect(received).toHaveLength(1), { timeout: 3_000, interval: 10 });
      expect(received[0]!.body).toMatchObject({ type: 'request.urgent', reference: c.reference });
      // An ordinary case rings nobody.
      await file(s, ['https://alpha.test/2'], { category: 'harassment', urgent: false });
      await s.periodic.stop();
      expect(received).toHaveLength(1);
    } finally {
      await s.periodic.stop();
    }
  });

  it('stops at once while an alert waits for an on-call endpoint that does not answer, and keeps the alert', async () => {
    platform('alpha');
    const s = services({ config: { OUTBOX_POLL_MS: 3_600_000, SEND_TIMEOUT_MS: 60_000 } });
    let reached = 0;
    server.use(
      http.post(ALERT_URL, () => {
        reached++;
        return new Promise<Response>(() => {});
      }),
    );
    s.periodic.start();
    await file(s, ['https://alpha.test/1'], { category: 'sextortion' });
    await vi.waitFor(() => expect(reached).toBe(1), { timeout: 3_000, interval: 10 });
    // Without the stop reaching the send, this would wait out the minute's timeout.
    const t0 = performance.now();
    await s.periodic.stop();
    expect(performance.now() - t0).toBeLessThan(2_000);
    // Put back as it was, due at once: the next start sends it, and this try is not counted.
    expect(s.database.db.select().from(alerts).get()).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: s.clock.now() });
  });

  it('keeps nudging a platform that does not act, once per window, CLOCK_REMOVE_REPEATS times', async () => {
    const alpha = platform('alpha');
    const s = services();
    const received = alertReceiver(server);
    const c = await file(s, ['https://alpha.test/1']);
    await s.worker.drain();
    await call(s.app, 'POST', `/api/v1/requests/${c.reference}/submissions/${c.submissions[0]!.id}/outcome`, {
      token: s.caseworker,
      body: { outcome: 'acknowledged' },
    });
    for (let day = 1; day <= 42; day++) {
      s.clock.advance(DAY);
      await s.periodic.runAll();
    }
    const v = await view(s, c);
    expect(escalations(v).map((e: any) => e.detail.replace(/ \(.*?\)/, ''))).toEqual([
      'not acted on by the platform within 7 days; reminder 1 queued; on-call caseworkers alerted',
      'still not acted on by the platform, 7 days past the deadline; reminder 2 queued; on-call caseworkers alerted',
      'still not acted on by the platform, 14 days past the deadline; reminder 3 queued; on-call caseworkers alerted',
      'still not acted on by the platform, 21 days past the deadline; reminder 4 queued; on-call caseworkers alerted',
    ]);
    expect(alpha.map((r) => r.body.reminder ?? 0)).toEqual([0, 1, 2, 3, 4]);
    expect(received.map((a) => a.body.repeat ?? 0)).toEqual([0, 1, 2, 3]);
    expect(v.submissions[0].overdue).toBe(true);
  });

  it('escalates urgent acknowledgement after 1 h and removal after 24 h', async () => {
    platform('alpha');
    const s = services();
    alertReceiver(server);
    const c = await file(s, ['https://alpha.test/1'], { urgent: true });
    await s.worker.drain();
    s.clock.advance(HOUR);
    await s.periodic.runAll();
    expect(escalations(await view(s, c)).map((e: any) => e.detail)).toEqual([
      expect.stringMatching(/^not acknowledged by the platform within 1 h/),
    ]);
    s.clock.advance(23 * HOUR);
    await s.periodic.runAll();
    expect(escalations(await view(s, c)).map((e: any) => e.detail)).toEqual([
      expect.stringMatching(/^not acknowledged by the platform within 1 h/),
      expect.stringMatching(/^not acted on by the platform within 24 h .*reminder 2 queued/),
    ]);
  });

  it('escalates a web-form notice nobody filed, and says it must be followed up by hand', async () => {
    const s = services();
    const received = alertReceiver(server);
    const c = await file(s, ['https://formonly.test/x']);
    s.clock.advance(HOUR);
    await s.periodic.runAll();
    let v = await view(s, c);
    expect(v.submissions[0]).toMatchObject({ status: 'manual_pending', overdue: true });
    expect(escalations(v)).toHaveLength(1);
    expect(received.map((a) => [a.body.platform, a.body.clock])).toEqual([['formonly', 'send']]);

    // Filed by a caseworker: the send clock is behind it; the acknowledgement clock starts now.
    const filed = await call(s.app, 'POST', `/api/v1/requests/${c.reference}/submissions/${c.submissions[0]!.id}/outcome`, {
      token: s.caseworker,
      body: { outcome: 'filed', ticketId: 'F-77' },
    });
    expect(filed.status).toBe(200);
    await s.periodic.runAll();
    v = await view(s, c);
    expect(v.submissions[0]).toMatchObject({ status: 'submitted', ticketId: 'F-77', overdue: false });
    s.clock.advance(48 * HOUR);
    await s.periodic.runAll();
    v = await view(s, c);
    expect(escalations(v)[1].detail).toMatch(/^not acknowledged .*this channel takes no reminder: follow up by hand/);
    expect(s.database.db.select().from(reminders).all()).toHaveLength(0);
  });

  it('uses a category override', async () => {
    platform('alpha');
    const s = services({ config: { CLOCKS_BY_CATEGORY: { harassment: { acknowledge: 10 * MIN } } } });
    alertReceiver(server);
    const c = await file(s, ['https://alpha.test/1'], { category: 'harassment' });
    await s.worker.drain();
    s.clock.advance(10 * MIN);
    await s.periodic.runAll();
    expect(escalations(await view(s, c)).map((e: any) => e.detail)).toEqual([expect.stringMatching(/within 10 min/)]);
  });

  it('judges a backlog page by page, walks past notices whose own window is longer, and lets the event loop turn', async () => {
    platform('alpha');
    const s = services({ config: { CLOCKS_BY_CATEGORY: { harassment: { acknowledge: 10 * MIN } } } });
    alertReceiver(server);
    // Interleaved by the time their clocks started: the 48 h cases sit between the 10 min ones
    // in the acknowledge clock's index, inside the shortest window, and stay there.
    const categories = ['harassment', 'intimate_image', 'harassment', 'intimate_image', 'harassment'];
    const cases = [];
    for (const category of categories) {
      cases.push(await file(s, ['https://alpha.test/1'], { category }));
      await s.worker.drain();
      s.clock.advance(MIN);
    }
    s.clock.advance(10 * MIN);
    let turned = false;
    setImmediate(() => (turned = true));
    const result = await escalateOverdue({ db: s.database.db, registry: s.registry, config: s.config, now: s.clock.now(), pageSize: 2 });
    expect(turned).toBe(true);
    expect(result).toEqual({ escalated: 3, cleared: 0 });
    const escalated = await Promise.all(cases.map(async (c) => escalations(await view(s, c)).length));
    expect(escalated).toEqual([1, 0, 1, 0, 1]);
    // The next pass finds nothing more to do.
    expect(await escalateOverdue({ db: s.database.db, registry: s.registry, config: s.config, now: s.clock.now(), pageSize: 2 })).toEqual({
      escalated: 0,
      cleared: 0,
    });
  });

  it('seeks the notices it judges through the clock indexes, never reading a whole status', () => {
    const s = services();
    const plans = CANDIDATE_QUERIES.map((q) =>
      s.database.sqlite
        .prepare(`EXPLAIN QUERY PLAN ${q}`)
        .all({ until: 1, afterKey: 0, afterRow: 0, limit: 1 })
        .map((r: any) => r.detail as string)
        .join(' | '),
    );
    expect(plans).toEqual([
      expect.stringMatching(/^SEARCH s USING INDEX submissions_overdue_idx \(overdue=\? AND rowid>\? AND rowid<\?\)/),
      expect.stringMatching(/^SEARCH s USING INDEX submissions_send_clock_idx \(created_at>\? AND created_at<\?\)/),
      expect.stringMatching(/^SEARCH s USING INDEX submissions_acknowledge_clock_idx \(<expr>>\? AND <expr><\?\)/),
      expect.stringMatching(/^SEARCH s USING INDEX submissions_remove_clock_idx \(<expr>>\? AND <expr><\?\)/),
    ]);
    for (const plan of plans) expect(plan).not.toMatch(/SCAN/);
  });

  it('leaves withdrawn requests alone', async () => {
    const s = services();
    const received = alertReceiver(server);
    const c = await file(s, ['https://formonly.test/x']);
    expect((await call(s.app, 'POST', `/api/v1/requests/${c.reference}/withdraw`, { token: c.statusToken })).status).toBe(200);
    // Past every response clock, short of the quiet period after which a withdrawn case closes.
    s.clock.advance(20 * DAY);
    await s.periodic.runAll();
    const v = await view(s, c);
    expect(escalations(v)).toHaveLength(0);
    expect(v.status).toBe('withdrawn');
    expect(received).toHaveLength(0);
  });

  it('retries a reminder the platform could not take, under the same key, and drops it once the notice is over', async () => {
    let down = true;
    const alpha = platform('alpha', (body) =>
      body.reminder && down
        ? new HttpResponse(null, { status: 503, headers: { 'retry-after': '120' } })
        : HttpResponse.json({ ticketId: 'T' }, { status: 201 }),
    );
    const s = services();
    alertReceiver(server);
    const c = await file(s, ['https://alpha.test/1', 'https://alpha.test/2']);
    await s.worker.drain();
    s.clock.advance(48 * HOUR);
    await s.periodic.runAll();
    expect(alpha).toHaveLength(2);
    let row = s.database.db.select().from(reminders).get()!;
    expect(row).toMatchObject({ n: 1, status: 'queued', attempts: 1, lastError: 'HTTP 503' });
    expect(row.nextAttemptAt).toBeGreaterThanOrEqual(s.clock.now() + 120_000);

    s.clock.advance(MIN);
    await s.periodic.runAll();
    expect(alpha).toHaveLength(2); // not due yet
    down = false;
    s.clock.set(row.nextAttemptAt!);
    await s.periodic.runAll();
    expect(alpha.map((r) => r.headers['idempotency-key']).slice(1)).toEqual([
      `${alpha[0]!.body.noticeId}:reminder:1`,
      `${alpha[0]!.body.noticeId}:reminder:1`,
    ]);
    row = s.database.db.select().from(reminders).get()!;
    expect(row).toMatchObject({ status: 'sent', attempts: 2 });

    // Reminder 2 is queued by the removal clock but the content is gone before it goes out.
    down = true;
    s.clock.advance(7 * DAY);
    await s.periodic.runAll();
    const r2 = s.database.db
      .select()
      .from(reminders)
      .all()
      .find((r) => r.n === 2)!;
    expect(r2.status).toBe('queued');
    await call(s.app, 'POST', `/api/v1/requests/${c.reference}/submissions/${c.submissions[0]!.id}/outcome`, {
      token: s.caseworker,
      body: { outcome: 'removed' },
    });
    s.clock.advance(DAY);
    await s.periodic.runAll();
    expect(
      s.database.db
        .select()
        .from(reminders)
        .all()
        .find((r) => r.n === 2)!.status,
    ).toBe('cancelled');
  });

  it('retries an alert the on-call endpoint refused, with the same webhook-id, and records it once sent', async () => {
    let up = false;
    const s = services();
    const received = alertReceiver(server, () => (up ? 204 : 500));
    await file(s, ['https://formonly.test/x'], { urgent: true });
    await s.periodic.runAll();
    let row = s.database.db.select().from(alerts).get()!;
    expect(row).toMatchObject({ status: 'pending', attempts: 1, lastError: 'webhook: HTTP 500' });
    up = true;
    s.clock.set(row.nextAttemptAt!);
    await s.periodic.runAll();
    row = s.database.db.select().from(alerts).get()!;
    expect(row).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
    expect(received).toHaveLength(1);
    expect(received[0]!.headers['webhook-id']).toBe(`alert_${row.id}`);
  });

  it('does not post an alert to an address inside a private network unless told it may', async () => {
    // An on-call URL mistyped or planted to reach an internal service: the alert is refused before
    // it leaves, and the row says why, until an operator allows private addresses for alerts.
    const internal = 'http://10.20.30.40/alerts';
    const reached: string[] = [];
    server.use(
      http.post(internal, ({ request }) => {
        reached.push(request.url);
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const guarded = services({ config: { ALERT_WEBHOOK_URL: internal } });
    await file(guarded, ['https://formonly.test/x'], { urgent: true });
    await guarded.periodic.runAll();
    const refused = guarded.database.db.select().from(alerts).get()!;
    expect(refused.status).not.toBe('sent');
    expect(refused.lastError).toBe('webhook: address refused (private)');
    expect(reached).toHaveLength(0);

    const allowed = services({ config: { ALERT_WEBHOOK_URL: internal, ALERT_ALLOW_PRIVATE_NETWORK: true } });
    await file(allowed, ['https://formonly.test/x'], { urgent: true });
    await allowed.periodic.runAll();
    expect(allowed.database.db.select().from(alerts).get()).toMatchObject({ status: 'sent', lastError: null });
    expect(reached).toEqual([internal]);
  });

  it('e-mails alerts to ALERT_EMAIL through SMTP', async () => {
    const sink = await smtpSink();
    const mailer = createSmtpMailer({ url: sink.url, from: 'takedown@hotline.test' });
    const s = services({
      mailer,
      config: { ALERT_WEBHOOK_URL: undefined, ALERT_WEBHOOK_SECRET: undefined, ALERT_EMAIL: ['oncall@hotline.test'] },
    });
    const c = await file(s, ['https://formonly.test/x'], { category: 'child_sexual_abuse' });
    await s.periodic.runAll();
    expect(sink.mails).toHaveLength(1);
    expect(sink.mails[0]!.to).toEqual(['oncall@hotline.test']);
    expect(sink.mails[0]!.raw).toContain(`New urgent case ${c.reference}`);
    expect(sink.mails[0]!.raw).not.toMatch(/formonly\.test\/x|person@example\.org/);
    expect(s.database.db.select().from(alerts).get()).toMatchObject({ status: 'sent' });
    mailer.close();
  });

  it('stores the urgent alert with the request itself, once per request', async () => {
    const s = services();
    const body = requestBody(['https://formonly.test/x'], { category: 'sextortion' });
    const headers = { 'idempotency-key': 'retry-me' };
    const first = await call(s.app, 'POST', '/api/v1/requests', { body, headers });
    const again = await call(s.app, 'POST', '/api/v1/requests', { body, headers });
    expect([first.status, again.status]).toEqual([201, 201]);
    // Before any job ran: the alert exists, waiting to be delivered.
    const rows = s.database.db.select().from(alerts).all();
    expect(rows.map((r) => [r.kind, r.status])).toEqual([['request.urgent', 'pending']]);
    expect(JSON.parse(rows[0]!.payload)).toMatchObject({ reference: first.json.reference });
    // An ordinary request alerts nobody at creation.
    await file(s, ['https://formonly.test/y']);
    expect(s.database.db.select().from(alerts).all()).toHaveLength(1);
  });

  it('with both targets, retries only the one that failed', async () => {
    const sink = await smtpSink();
    const mailer = createSmtpMailer({ url: sink.url, from: 'takedown@hotline.test' });
    let up = false;
    const s = services({ mailer, config: { ALERT_EMAIL: ['oncall@hotline.test'] } });
    const received = alertReceiver(server, () => (up ? 204 : 503));
    await file(s, ['https://formonly.test/x'], { urgent: true });
    await s.periodic.runAll();
    let row = s.database.db.select().from(alerts).get()!;
    expect(row).toMatchObject({ status: 'pending', webhookSentAt: null, lastError: 'webhook: HTTP 503' });
    expect(row.emailSentAt).not.toBeNull();
    up = true;
    s.clock.set(row.nextAttemptAt!);
    await s.periodic.runAll();
    row = s.database.db.select().from(alerts).get()!;
    expect(row.status).toBe('sent');
    expect(received).toHaveLength(1);
    expect(sink.mails).toHaveLength(1);
    mailer.close();
  });

  it('marks alerts skipped when no alert target is configured', async () => {
    const s = services({ config: { ALERT_WEBHOOK_URL: undefined, ALERT_WEBHOOK_SECRET: undefined } });
    await file(s, ['https://formonly.test/x'], { urgent: true });
    await s.periodic.runAll();
    expect(s.database.db.select().from(alerts).get()).toMatchObject({ status: 'skipped' });
  });
});
