import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { submissions } from '../../db/schema.js';
import { appendEvent } from '../append-event.js';
import { refreshRequestStatus } from '../derive-request-status.js';
import { caseRow, submissionOfCase, type ActionOutcome } from './load-for-action.js';

// A caseworker filled in the platform's web form: the manual submission counts as sent, with the
// ticket number the form gave (if any), and its clocks start from now.
export function markFiled(
  db: Db,
  options: { requestId: string; submissionId: string; ticketId: string | null; actor: string; now: number },
): ActionOutcome {
  const { now } = options;
  return db.transaction(
    (tx) => {
      const request = caseRow(tx, options.requestId);
      const submission = submissionOfCase(tx, options);
      if (!request || !submission) return 'not_found';
      if (submission.status !== 'manual_pending') return 'not_allowed_now';
      tx.update(submissions)
        .set({ status: 'submitted', ticketId: options.ticketId, submittedAt: now, attempts: submission.attempts + 1, updatedAt: now })
        .where(eq(submissions.id, submission.id))
        .run();
      appendEvent(tx, {
        requestId: request.id,
        submissionId: submission.id,
        platformId: submission.platformId,
        type: 'submitted',
        actor: options.actor,
        at: now,
        detail: options.ticketId
          ? `filed by hand in the platform's form, ticket ${options.ticketId}`
          : "filed by hand in the platform's form",
      });
      refreshRequestStatus(tx, request.id, now);
      return 'done';
    },
    { behavior: 'immediate' },
  );
}
