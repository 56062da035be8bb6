import { describe, expect, it } from 'vitest';
import { buildEmailNotice, messageIdFor } from '../platforms/channels/email.js';
import { buildHttpNotice, httpNoticeSchema } from '../platforms/channels/http.js';
import type { NoticeInput } from '../platforms/types.js';
import { refreshRequestStatus } from '../src/cases/derive-request-status.js';
import { openDatabase } from '../src/db/client.js';
import { reminderKey } from '../src/confirm/send-reminders.js';

// The status a request is given after a send, computed by the statement the worker runs, on a
// real (in-memory) database holding one request with the given submissions and items.
function statusAfterRefresh(
  request: { withdrawnAt: number | null },
  subs: ReadonlyArray<{ status: string; attempts: number; overdue: boolean }>,
  items: ReadonlyArray<{ status: string }>,
): string {
  const database = openDatabase(':memory:');
  try {
    const { sqlite, db } = database;
    sqlite
      .prepare(
        `INSERT INTO requests (id, reference, status_token_hash, category, urgent, minor_involved, locale, good_faith, status,
                               withdrawn_at, created_at, updated_at)
         VALUES ('r', 'TD-TEST-0001', 'h', 'other', 0, 0, 'en', 1, 'open', ?, 0, 0)`,
      )
      .run(request.withdrawnAt);
    subs.forEach((sub, i) =>
      sqlite
        .prepare(
          `INSERT INTO submissions (id, request_id, platform_id, channel, notice_id, priority, status, attempts, overdue, created_at, updated_at)
           VALUES (?, 'r', 'alpha', 'http', ?, 0, ?, ?, ?, 0, 0)`,
        )
        .run(`s${i}`, `n${i}`, sub.status, sub.attempts, sub.overdue ? 1 : 0),
    );
    items.forEach((item, i) =>
      sqlite
        .prepare(
          `INSERT INTO items (id, request_id, submission_id, position, url, host, platform_id, status, updated_at)
           VALUES (?, 'r', 's0', ?, ?, 'alpha.test', 'alpha', ?, 0)`,
        )
        .run(`i${i}`, i, `https://alpha.test/${i}`, item.status),
    );
    return db.transaction((tx) => refreshRequestStatus(tx, 'r', 1));
  } finally {
    database.close();
  }
}

const open = { withdrawnAt: null };
const reported = [{ status: 'reported' }];

describe('request status with response clocks', () => {
  it('needs attention while a notice that is not over is overdue', () => {
    expect(statusAfterRefresh(open, [{ status: 'submitted', attempts: 1, overdue: false }], reported)).toBe('in_progress');
    expect(statusAfterRefresh(open, [{ status: 'submitted', attempts: 1, overdue: true }], reported)).toBe('needs_attention');
    expect(statusAfterRefresh(open, [{ status: 'manual_pending', attempts: 0, overdue: true }], reported)).toBe('needs_attention');
    // A finished notice is never late, and removal of everything resolves the request regardless.
    expect(statusAfterRefresh(open, [{ status: 'withdrawn', attempts: 0, overdue: true }], reported)).toBe('in_progress');
    expect(statusAfterRefresh(open, [{ status: 'acknowledged', attempts: 1, overdue: true }], [{ status: 'removed' }])).toBe('resolved');
    expect(statusAfterRefresh({ withdrawnAt: 1 }, [{ status: 'submitted', attempts: 1, overdue: true }], reported)).toBe('withdrawn');
  });
});

describe('reminders on the wire', () => {
  const input: NoticeInput = {
    noticeId: '3f1c2d4e-0000-4000-8000-000000000001',
    reference: 'TD-7K3M-9QXA',
    category: 'harassment',
    urgent: false,
    minorInvolved: false,
    locale: 'nl',
    urls: ['https://example.test/a'],
    explanation: 'Harassment.',
    reporter: null,
    goodFaith: true,
    submittedAt: '2026-01-05T09:00:00.000Z',
  };

  it('marks the http notice as the n-th reminder and nothing else', () => {
    const first = buildHttpNotice(input);
    const again = buildHttpNotice({ ...input, reminder: 2 });
    expect(again).toEqual({ ...first, reminder: 2 });
    expect(httpNoticeSchema.parse(again)).toEqual(again);
    expect('reminder' in first).toBe(false);
  });

  it('says so in the e-mail subject, in the platform language, under a valid Message-ID of its own', () => {
    const first = buildEmailNotice(input, { to: ['abuse@example.test'] });
    const again = buildEmailNotice({ ...input, reminder: 1 }, { to: ['abuse@example.test'] });
    expect(again.subject).toBe(`Herinnering 1: ${first.subject}`);
    expect(again.text).toBe(first.text);
    const id = messageIdFor(reminderKey(input.noticeId, 1), 'takedown@hotline.test');
    expect(id).toBe(`<${input.noticeId}.reminder.1@hotline.test>`);
    expect(id).not.toBe(messageIdFor(input.noticeId, 'takedown@hotline.test'));
  });
});
