import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverDueAlerts, selectDueAlerts } from '../src/confirm/deliver-alerts.js';
import { enqueueAlert } from '../src/confirm/enqueue-alert.js';
import { selectDueReminders } from '../src/confirm/send-reminders.js';
import { openDatabase, type Database_ } from '../src/db/client.js';
import { createUnconfiguredMailer } from '../src/mail/smtp-mailer.js';
import { ALERT_SECRET, ALERT_URL, alertReceiver } from './support/alerts.js';
import { useMsw } from './support/msw.js';
import { createTestServices, fileRequest, type TestServices } from './support/services.js';

const server = useMsw();

function services(): TestServices {
  return createTestServices({
    platforms: [{ id: 'alpha' }],
    config: { ALERT_WEBHOOK_URL: ALERT_URL, ALERT_WEBHOOK_SECRET: ALERT_SECRET },
  });
}

// Ordinary overdue alerts, as the response clocks queue them for a backlog of late platforms.
function queueOverdueAlerts(s: TestServices, requestId: string, count: number): void {
  s.database.db.transaction((tx) => {
    for (let i = 0; i < count; i++) {
      enqueueAlert(tx, {
        dedupeKey: `clock:test-${i}:acknowledge`,
        requestId,
        payload: {
          type: 'submission.overdue',
          reference: `TD-${i}`,
          category: 'harassment',
          urgent: false,
          platform: 'alpha',
          clock: 'acknowledge',
          deadline: new Date(s.clock.now()).toISOString(),
          reminder: null,
          at: new Date(s.clock.now()).toISOString(),
        },
        now: s.clock.now(),
      });
    }
  });
}

function deliver(s: TestServices, clock?: () => number) {
  return deliverDueAlerts(
    {
      db: s.database.db,
      fetch: (...args) => globalThis.fetch(...args),
      mailer: createUnconfiguredMailer('takedown@test.invalid'),
      logger: s.logger,
      config: s.config,
      clock,
    },
    s.clock.now(),
  );
}

describe('on-call alerts', () => {
  it('delivers an urgent case’s alert in the first pass, ahead of a backlog of ordinary ones', async () => {
    const s = services();
    const received = alertReceiver(server);
    await fileRequest(s, ['https://alpha.test/1'], { over: { category: 'harassment' } });
    const { id } = s.database.sqlite.prepare('SELECT id FROM requests').get() as { id: string };
    queueOverdueAlerts(s, id, 80);
    s.clock.advance(60_000);
    const urgent = await fileRequest(s, ['https://alpha.test/2'], { over: { category: 'sextortion' } });
    expect(urgent.urgent).toBe(true);

    await deliver(s);
    expect(received).toHaveLength(50);
    expect(received[0]!.body).toMatchObject({ type: 'request.urgent', reference: urgent.reference });
  });

  it('claims and signs each alert at the time it is sent, not at the start of the pass', async () => {
    // The alerts job as the service wires it, with the test's fetch for the on-call endpoint.
    const s = createTestServices({
      platforms: [{ id: 'alpha' }],
      config: { ALERT_WEBHOOK_URL: ALERT_URL, ALERT_WEBHOOK_SECRET: ALERT_SECRET, ALERT_ALLOW_PRIVATE_NETWORK: true },
    });
    // Each delivery takes a minute of the service's clock (a slow receiver).
    const received = alertReceiver(server, () => {
      s.clock.advance(60_000);
      return 204;
    });
    await fileRequest(s, ['https://alpha.test/1'], { over: { category: 'harassment' } });
    const { id } = s.database.sqlite.prepare('SELECT id FROM requests').get() as { id: string };
    queueOverdueAlerts(s, id, 3);
    const start = s.clock.now();

    await s.periodic.runAll();
    expect(received).toHaveLength(3);
    const stamps = received.map((r) => Number(r.headers['webhook-timestamp']) * 1000);
    expect(stamps).toEqual([start, start + 60_000, start + 120_000]);
    const sentAt = s.database.sqlite.prepare('SELECT sent_at FROM alerts ORDER BY sent_at').pluck().all();
    expect(sentAt).toEqual([start + 60_000, start + 120_000, start + 180_000]);
  });
});

// The alerts and reminders tables keep every row ever sent; the due selection must seek the few
// due ones, never read the table or the requests.
describe('the due alerts’ and reminders’ query plans', () => {
  let database: Database_;
  const now = Date.parse('2026-01-05T09:00:00Z');

  beforeAll(() => {
    database = openDatabase(':memory:');
    database.sqlite.exec(`
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
      INSERT INTO requests (id, reference, status_token_hash, category, urgent, minor_involved, locale, good_faith, status, created_at, updated_at)
      SELECT 'r' || i, 'TD-' || i, 'h', 'other', i % 10 = 0, 0, 'en', 1, 'in_progress', ${now}, ${now} FROM n;
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4000)
      INSERT INTO submissions (id, request_id, platform_id, channel, notice_id, priority, status, attempts, created_at, updated_at)
      SELECT 's' || i, 'r' || (i % 2000 + 1), 'p', 'http', 'n' || i, 0, 'submitted', 1, ${now}, ${now} FROM n;
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 30000)
      INSERT INTO alerts (id, dedupe_key, kind, request_id, payload, status, attempts, next_attempt_at, lease_expires_at, created_at)
      SELECT 'a' || i, 'k' || i, CASE WHEN i % 7 = 0 THEN 'request.urgent' ELSE 'submission.overdue' END, 'r' || (i % 2000 + 1), '{}',
             CASE WHEN i % 300 = 0 THEN 'pending' WHEN i % 997 = 0 THEN 'sending' ELSE 'sent' END, 1,
             CASE WHEN i % 300 = 0 THEN ${now} - i ELSE NULL END, CASE WHEN i % 997 = 0 THEN ${now} - 1 ELSE NULL END, ${now} - i FROM n;
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 30000)
      INSERT INTO reminders (id, submission_id, request_id, n, clock, status, attempts, next_attempt_at, lease_expires_at, created_at)
      SELECT 'm' || i, 's' || (i % 4000 + 1), 'r' || (i % 4000 % 2000 + 1), i, 'acknowledge',
             CASE WHEN i % 300 = 0 THEN 'queued' WHEN i % 997 = 0 THEN 'sending' ELSE 'sent' END, 1,
             CASE WHEN i % 300 = 0 THEN ${now} - i ELSE NULL END, CASE WHEN i % 997 = 0 THEN ${now} - 1 ELSE NULL END, ${now} FROM n;
      ANALYZE;
    `);
  });
  afterAll(() => database.close());

  function plan(query: { sql: string; params: unknown[] }): string {
    return (database.sqlite.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).all(...query.params) as Array<{ detail: string }>)
      .map((r) => r.detail)
      .join('\n');
  }

  it.each([
    ['alerts', () => selectDueAlerts(database.db, now).toSQL(), 'alerts_due_idx'],
    ['reminders', () => selectDueReminders(database.db, now).toSQL(), 'reminders_due_idx'],
  ])('finds due %s through their index and each request by its key', (_, query, index) => {
    const steps = plan(query());
    expect(steps).toContain(`INDEX ${index}`);
    expect(steps).toMatch(/SEARCH (r|requests) USING INDEX sqlite_autoindex_requests_1 \(id=\?\)/);
    expect(steps).not.toMatch(/\bSCAN\b/);
  });

  it('puts urgent alerts first, then the oldest', () => {
    const rows = selectDueAlerts(database.db, now).all();
    const urgentOf = database.sqlite.prepare<[string], number>('SELECT urgent FROM requests WHERE id = ?').pluck();
    const urgent = rows.map((r) => r.alert.kind === 'request.urgent' || urgentOf.get(r.alert.requestId) === 1);
    expect(urgent.indexOf(false)).toBeGreaterThan(0);
    expect(urgent.slice(urgent.indexOf(false))).not.toContain(true);
  });
});
