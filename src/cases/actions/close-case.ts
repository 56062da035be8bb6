import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { requests, submissions } from '../../db/schema.js';
import { appendEvent } from '../append-event.js';
import { refreshRequestStatus } from '../derive-request-status.js';
import { pendingSubmissionStatuses } from '../event-types.js';
import type { ActionOutcome } from './load-for-action.js';

// Closing ends the case: pending work stops and the retention clock starts.
export function closeCase(db: Db, options: { requestId: string; reason: string; actor: string; now: number }): ActionOutcome {
  const { now } = options;
  return db.transaction(
    (tx) => {
      const request = tx.select({ closedAt: requests.closedAt }).from(requests).where(eq(requests.id, options.requestId)).get();
      if (!request) return 'not_found';
      if (request.closedAt !== null) return 'not_allowed_now';
      tx.update(requests).set({ closedAt: now, updatedAt: now }).where(eq(requests.id, options.requestId)).run();
      tx.update(submissions)
        .set({ status: 'withdrawn', nextAttemptAt: null, updatedAt: now })
        .where(and(eq(submissions.requestId, options.requestId), inArray(submissions.status, pendingSubmissionStatuses)))
        .run();
      appendEvent(tx, { requestId: options.requestId, type: 'closed', actor: options.actor, at: now, detail: options.reason || null });
      refreshRequestStatus(tx, options.requestId, now);
      return 'done';
    },
    { behavior: 'immediate' },
  );
}
