import { describe, expect, it } from 'vitest';
import { buildEmailNotice, messageIdFor } from '../platforms/channels/email.js';
import { buildHttpNotice, httpNoticeSchema } from '../platforms/channels/http.js';
import type { NoticeInput } from '../platforms/types.js';
import { deriveRequestStatus } from '../src/cases/derive-request-status.js';
import { reminderKey } from '../src/confirm/send-reminders.js';

const open = { withdrawnAt: null, closedAt: null };
const reported = [{ status: 'reported' }];

describe('request status with response clocks', () => {
  it('needs attention while a notice that is not over is overdue', () => {
    expect(deriveRequestStatus(open, [{ status: 'submitted', attempts: 1, overdue: false }], reported)).toBe('in_progress');
    expect(deriveRequestStatus(open, [{ status: 'submitted', attempts: 1, overdue: true }], reported)).toBe('needs_attention');
    expect(deriveRequestStatus(open, [{ status: 'manual_pending', attempts: 0, overdue: true }], reported)).toBe('needs_attention');
    // A finished notice is never late, and removal of everything resolves the request regardless.
    expect(deriveRequestStatus(open, [{ status: 'withdrawn', attempts: 0, overdue: true }], reported)).toBe('in_progress');
    expect(deriveRequestStatus(open, [{ status: 'acknowledged', attempts: 1, overdue: true }], [{ status: 'removed' }])).toBe('resolved');
    expect(deriveRequestStatus({ ...open, withdrawnAt: 1 }, [{ status: 'submitted', attempts: 1, overdue: true }], reported)).toBe(
      'withdrawn',
    );
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
