import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { requests, submissions } from '../db/schema.js';
import { appendEvent } from './append-event.js';
import { refreshRequestStatus } from './derive-request-status.js';
import { pendingSubmissionStatuses } from './event-types.js';

export type WithdrawOutcome = 'withdrawn' | 'already_withdrawn' | 'closed';

// Stops all pending work. Notices already sent are not recalled, and a send in flight finishes:
// if it fails it is not retried (see settle-submission).
export function withdrawRequest(db: Db, options: { requestId: string; actor: string; now: number }): WithdrawOutcome {
  const { requestId, actor, now } = options;
  return db.transaction(
    (tx) => {
      const request = tx
        .select({ withdrawnAt: requests.withdrawnAt, closedAt: requests.closedAt })
        .from(requests)
        .where(eq(requests.id, requestId))
        .get();
      if (!request) throw new Error(`request ${requestId} not found`);
      if (request.closedAt !== null) return 'closed';
      if (request.withdrawnAt !== null) return 'already_withdrawn';
      tx.update(requests).set({ withdrawnAt: now, updatedAt: now }).where(eq(requests.id, requestId)).run();
      const stopped = tx
        .update(submissions)
        .set({ status: 'withdrawn', nextAttemptAt: null, updatedAt: now })
        .where(and(eq(submissions.requestId, requestId), inArray(submissions.status, pendingSubmissionStatuses)))
        .returning({ id: submissions.id, platformId: submissions.platformId })
        .all();
      appendEvent(tx, {
        requestId,
        type: 'withdrawn',
        actor,
        at: now,
        detail: `${stopped.length} pending notice(s) stopped; notices already sent are not recalled`,
      });
      refreshRequestStatus(tx, requestId, now);
      return 'withdrawn';
    },
    { behavior: 'immediate' },
  );
}
