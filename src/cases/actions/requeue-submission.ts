import { eq } from 'drizzle-orm';
import { queueReminder, remindableChannels } from '../../confirm/queue-reminder.js';
import type { Db } from '../../db/client.js';
import { submissions } from '../../db/schema.js';
import { appendEvent } from '../append-event.js';
import { refreshRequestStatus } from '../derive-request-status.js';
import { caseRow, submissionOfCase, type ActionOutcome } from './load-for-action.js';

// "Retry now": a notice waiting for its next attempt, or one that failed, goes out at once.
// "Re-notify": a notice the platform received but left unanswered goes out again. Where a machine
// sent it, as the notice's next reminder (confirm/queue-reminder.ts): under the notice's own key a
// platform that remembers keys would answer from memory and nobody there would see it again. A
// refused notice is sent again as the notice itself. A notice of the manual channel (a web form,
// or the hotline while none is configured) is never sent by the worker: sending it again is a
// new task for a person to file.
const allowedFrom = {
  retry: ['queued', 'failed'],
  renotify: ['submitted', 'acknowledged', 'rejected'],
} as const;

export function requeueSubmission(
  db: Db,
  options: { requestId: string; submissionId: string; mode: 'retry' | 'renotify'; actor: string; now: number; detail?: string },
): ActionOutcome {
  const { now } = options;
  return db.transaction(
    (tx) => {
      const request = caseRow(tx, options.requestId);
      const submission = submissionOfCase(tx, options);
      if (!request || !submission) return 'not_found';
      if (request.withdrawnAt !== null || request.closedAt !== null) return 'not_allowed_now';
      if (!(allowedFrom[options.mode] as readonly string[]).includes(submission.status)) return 'not_allowed_now';
      const event = {
        requestId: request.id,
        submissionId: submission.id,
        platformId: submission.platformId,
        actor: options.actor,
        at: now,
      };
      if (options.mode === 'renotify' && submission.status !== 'rejected' && remindableChannels.has(submission.channel)) {
        const n = queueReminder(tx, { submission, why: 'caseworker', now });
        appendEvent(tx, { ...event, type: 'renotified', detail: options.detail ?? `reminder ${n} queued` });
        return 'done';
      }
      if (submission.channel === 'manual') {
        tx.update(submissions)
          .set({ status: 'manual_pending', nextAttemptAt: null, resolvedAt: null, updatedAt: now, priority: 1 })
          .where(eq(submissions.id, submission.id))
          .run();
        appendEvent(tx, {
          ...event,
          type: options.mode === 'retry' ? 'retried' : 'renotified',
          detail: options.detail ?? 'to be filed again by hand on the platform’s form',
        });
        refreshRequestStatus(tx, request.id, now);
        return 'done';
      }
      // A caseworker's send starts a fresh attempt budget: the attempts before it are in the
      // events, and keeping their count would give the notice one send and no backoff.
      tx.update(submissions)
        .set({ status: 'queued', nextAttemptAt: now, resolvedAt: null, updatedAt: now, priority: 1, attempts: 0 })
        .where(eq(submissions.id, submission.id))
        .run();
      appendEvent(tx, {
        ...event,
        type: options.mode === 'retry' ? 'retried' : 'renotified',
        detail: options.detail ?? (options.mode === 'retry' ? 'sent again at once by a caseworker' : 'notice sent again as a reminder'),
      });
      refreshRequestStatus(tx, request.id, now);
      return 'done';
    },
    { behavior: 'immediate' },
  );
}
