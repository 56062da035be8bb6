import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DUE_QUERY, EXPIRED_QUERY } from '../src/dispatch/claim-due-submissions.js';
import { READ_TALLY, STATUS_WRITES } from '../src/cases/derive-request-status.js';
import { READ_NOTICE_SOURCES } from '../src/cases/notice-input.js';
import { WRITE_ALL_ACCEPTED } from '../src/dispatch/settle-submission.js';
import { openDatabase, type Database_ } from '../src/db/client.js';

// The claim runs many times a second for the life of the service: its plan must stay an index
// range scan in queue order however large the table grows. The table is filled the way a
// long-running service's is (mostly finished work, some queued, a few leased) and ANALYZEd, so
// the planner's choice is made on real statistics.
describe('the claim queries’ plans', () => {
  let database: Database_;
  const now = Date.parse('2026-01-05T09:00:00Z');

  beforeAll(() => {
    database = openDatabase(':memory:');
    const { sqlite } = database;
    sqlite.exec(`
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
      INSERT INTO requests (id, reference, status_token_hash, category, urgent, minor_involved, locale, good_faith, status, created_at, updated_at)
      SELECT 'r' || i, 'TD-' || i, 'h', 'other', i % 10 = 0, 0, 'en', 1, 'in_progress', ${now}, ${now} FROM n;
    `);
    sqlite.exec(`
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60000)
      INSERT INTO submissions (id, request_id, platform_id, channel, notice_id, priority, status, attempts, next_attempt_at,
                               lease_owner, lease_expires_at, created_at, updated_at)
      SELECT 's' || i, 'r' || (i % 2000 + 1), 'p' || (i % 25), 'http', 'n' || i, (i % 40 = 0),
             CASE WHEN i % 20 = 0 THEN 'queued' WHEN i % 97 = 0 THEN 'sending' WHEN i % 13 = 0 THEN 'manual_pending'
                  WHEN i % 7 = 0 THEN 'failed' ELSE 'submitted' END,
             i % 5,
             CASE WHEN i % 20 = 0 THEN ${now} - 3600000 + (i * 7919) % 7200000 ELSE NULL END,
             CASE WHEN i % 97 = 0 THEN 'w' ELSE NULL END,
             CASE WHEN i % 97 = 0 THEN ${now} - 60000 + (i % 120000) ELSE NULL END,
             ${now}, ${now}
      FROM n;
    `);
    sqlite.exec('ANALYZE');
  });
  afterAll(() => database.close());

  function plan(query: string, params: unknown[]): string[] {
    return (database.sqlite.prepare(`EXPLAIN QUERY PLAN ${query}`).all(...params) as Array<{ detail: string }>).map((r) => r.detail);
  }

  const DUE_PLAN = /^SEARCH submissions USING (COVERING )?INDEX submissions_due_idx \(priority=\? AND next_attempt_at<\?\)/;
  const submissionsStep = (steps: string[]) => steps.find((d) => /\bsubmissions\b/.test(d) && /^(SEARCH|SCAN)/.test(d));

  it.each([
    ['urgent work', [1, now, 128]],
    ['ordinary work', [0, now, 128]],
  ])('claims %s through submissions_due_idx, in index order, without a temporary sort', (_, params) => {
    const steps = plan(DUE_QUERY, params);
    expect(submissionsStep(steps)).toMatch(DUE_PLAN);
    expect(steps.join('\n')).not.toMatch(/TEMP B-TREE/);
    // And it returns due work oldest first.
    const rows = database.sqlite.prepare(DUE_QUERY).all(...params) as Array<{ id: string }>;
    expect(rows.length).toBeGreaterThan(1);
    const dueAt = database.sqlite.prepare<[string], number>('SELECT next_attempt_at FROM submissions WHERE id = ?').pluck();
    const times = rows.map((r) => dueAt.get(r.id)!);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('would notice a missing index (the check above can fail)', () => {
    const { sqlite } = database;
    sqlite.exec('BEGIN');
    try {
      sqlite.exec('DROP INDEX submissions_due_idx');
      // The very check the test above makes fails without the index.
      expect(submissionsStep(plan(DUE_QUERY, [0, now, 128]))).not.toMatch(DUE_PLAN);
    } finally {
      sqlite.exec('ROLLBACK');
    }
  });

  it('finds expired leases through their own index', () => {
    const steps = plan(EXPIRED_QUERY, [12, 12, now, now, now]);
    expect(steps[0]).toMatch(/^SEARCH submissions USING (COVERING )?INDEX submissions_lease_idx \(lease_expires_at<\?\)/);
    expect(steps.join('\n')).not.toMatch(/SCAN submissions/);
  });
});

describe('the status refresh after every send', () => {
  it("reads the request's own rows by index and scans nothing", () => {
    const database = openDatabase(':memory:');
    try {
      const steps = (
        database.sqlite.prepare(`EXPLAIN QUERY PLAN ${READ_TALLY}`).all({ ids: JSON.stringify(['r1']) }) as Array<{ detail: string }>
      ).map((r) => r.detail);
      const joined = steps.join('\n');
      expect(joined).toMatch(/SEARCH r USING INDEX sqlite_autoindex_requests_1 \(id=\?\)/);
      expect(joined).toMatch(/SEARCH items USING INDEX items_request_idx \(request_id=\?\)/);
      expect(joined).toMatch(/SEARCH submissions USING INDEX submissions_request_idx \(request_id=\?\)/);
      expect(joined).not.toMatch(/\bSCAN (items|submissions|r)\b/);
    } finally {
      database.close();
    }
  });
});

describe('the statements that read and settle several notices at once', () => {
  it.each([
    ['the notice sources of a claim', READ_NOTICE_SOURCES, { list: '[]' }, [/SEARCH r USING INDEX sqlite_autoindex_requests_1 \(id=\?\)/]],
    [
      'the accepted notices of a turn',
      WRITE_ALL_ACCEPTED,
      { list: '[]', now: 0, owner: 'w' },
      [/SEARCH submissions USING INDEX sqlite_autoindex_submissions_1 \(id=\?\)/],
    ],
    ...STATUS_WRITES.map(
      (sql, i) =>
        [
          `request status write ${i + 1}`,
          sql,
          sql.includes('@list') ? { list: '[]', now: 0 } : { ids: '[]', now: 0 },
          [/SEARCH requests USING (COVERING )?INDEX sqlite_autoindex_requests_1 \(id=\?\)/],
        ] as const,
    ),
  ] as const)('%s: seeks each row by its key, one per listed notice', (_, sql, params, expected) => {
    const database = openDatabase(':memory:');
    try {
      const steps = (database.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as Array<{ detail: string }>).map((r) => r.detail);
      const joined = steps.join('\n');
      for (const e of expected) expect(joined).toMatch(e);
      // The list itself is the only thing read whole.
      expect(joined).not.toMatch(/\bSCAN (?!j\b|json_each\b)/);
    } finally {
      database.close();
    }
  });
});
