import { and, eq, inArray, sql } from 'drizzle-orm';
import type { SendError } from '../../platforms/send-error.js';
import type { SubmitOutcome } from '../../platforms/types.js';
import { appendEvent } from '../cases/append-event.js';
import { refreshRequestStatus } from '../cases/derive-request-status.js';
import type { Db } from '../db/client.js';
import { requests, submissions } from '../db/schema.js';
import { retryDelay } from './backoff.js';
import type { ClaimedSubmission } from './claim-due-submissions.js';
import type { SendResult } from './send-notice.js';

export interface SettlePolicy {
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
  random?: () => number;
}

export type Settled = 'submitted' | 'rejected' | 'failed' | 'queued' | 'manual_pending' | 'withdrawn' | 'lease_lost';

// Records what one claimed send came to, in one short transaction, and only while this worker
// still holds the lease: if it expired and another worker took the notice over, that worker's
// answer is the one that counts.
export function settleSubmission(options: {
  db: Db;
  claimed: ClaimedSubmission;
  owner: string;
  result: SendResult;
  policy: SettlePolicy;
  now: number;
}): Settled {
  const { db, claimed, owner, result, policy, now } = options;
  return db.transaction(
    (tx) => {
      const current = tx
        .select({ attempts: submissions.attempts, withdrawnAt: requests.withdrawnAt })
        .from(submissions)
        .innerJoin(requests, eq(requests.id, submissions.requestId))
        .where(and(eq(submissions.id, claimed.id), eq(submissions.leaseOwner, owner), eq(submissions.status, 'sending')))
        .get();
      if (!current) return 'lease_lost';
      // The claim counted the first send; quick retries add theirs.
      const attempts = current.attempts + result.sends - 1;
      const event = { requestId: claimed.requestId, submissionId: claimed.id, platformId: claimed.platformId, actor: 'system', at: now };
      for (const f of result.failures) appendEvent(tx, { ...event, type: 'attempt_failed', detail: f.message });

      const release = { leaseOwner: null, leaseExpiresAt: null, attempts, updatedAt: now };
      const outcome: SubmitOutcome | { kind: 'error'; error: SendError } = result.outcome;
      let settled: Settled;
      if (outcome.kind === 'accepted') {
        tx.update(submissions)
          .set({
            ...release,
            status: 'submitted',
            ticketId: outcome.ticketId ?? null,
            submittedAt: now,
            lastError: null,
            nextAttemptAt: null,
          })
          .where(eq(submissions.id, claimed.id))
          .run();
        const detail = [outcome.ticketId ? `ticket ${outcome.ticketId}` : null, outcome.detail].filter(Boolean).join('; ');
        appendEvent(tx, { ...event, type: 'submitted', detail: detail || null });
        settled = 'submitted';
      } else if (outcome.kind === 'rejected') {
        tx.update(submissions)
          .set({ ...release, status: 'rejected', lastError: outcome.reason, nextAttemptAt: null })
          .where(eq(submissions.id, claimed.id))
          .run();
        appendEvent(tx, { ...event, type: 'rejected', detail: outcome.reason });
        settled = 'rejected';
      } else if (outcome.kind === 'manual') {
        // Nothing could be sent by itself (no abuse contact found in time, an API not configured):
        // a person takes over, told what was tried. A withdrawn request needs nobody.
        const status = current.withdrawnAt !== null ? 'withdrawn' : 'manual_pending';
        tx.update(submissions)
          .set({ ...release, status, lastError: outcome.reason, nextAttemptAt: null })
          .where(eq(submissions.id, claimed.id))
          .run();
        appendEvent(tx, {
          ...event,
          type: 'routed',
          detail: status === 'withdrawn' ? `not sent: the request was withdrawn (${outcome.reason})` : `manual work: ${outcome.reason}`,
        });
        settled = status;
      } else if (!outcome.error.retryable || attempts >= policy.maxAttempts) {
        const reason = outcome.error.retryable ? `gave up after ${attempts} attempts: ${outcome.error.message}` : outcome.error.message;
        tx.update(submissions)
          .set({ ...release, status: 'failed', lastError: reason, nextAttemptAt: null })
          .where(eq(submissions.id, claimed.id))
          .run();
        appendEvent(tx, { ...event, type: 'failed', detail: reason });
        settled = 'failed';
      } else if (current.withdrawnAt !== null) {
        tx.update(submissions)
          .set({ ...release, status: 'withdrawn', lastError: outcome.error.message, nextAttemptAt: null })
          .where(eq(submissions.id, claimed.id))
          .run();
        appendEvent(tx, { ...event, type: 'attempt_failed', detail: `${outcome.error.message}; not retried: the request was withdrawn` });
        settled = 'withdrawn';
      } else {
        const delay = retryDelay({
          attempts,
          baseMs: policy.retryBaseMs,
          maxMs: policy.retryMaxMs,
          retryAfterMs: outcome.error.retryAfterMs,
          random: policy.random,
        });
        const nextAttemptAt = now + delay;
        tx.update(submissions)
          .set({ ...release, status: 'queued', lastError: outcome.error.message, nextAttemptAt })
          .where(eq(submissions.id, claimed.id))
          .run();
        appendEvent(tx, {
          ...event,
          type: 'attempt_failed',
          detail: `${outcome.error.message}; next attempt at ${new Date(nextAttemptAt).toISOString()}`,
        });
        settled = 'queued';
      }
      refreshRequestStatus(tx, claimed.requestId, now);
      return settled;
    },
    { behavior: 'immediate' },
  );
}

// Work interrupted by a shutdown goes straight back to the queue, due now, for the next worker.
export function releaseInterrupted(options: { db: Db; ids: string[]; owner: string; now: number }): number {
  if (options.ids.length === 0) return 0;
  return options.db
    .update(submissions)
    .set({
      // A request withdrawn meanwhile keeps its notice from going out again.
      status: sql`CASE WHEN EXISTS (SELECT 1 FROM requests r WHERE r.id = ${submissions.requestId} AND r.withdrawn_at IS NOT NULL) THEN 'withdrawn' ELSE 'queued' END`,
      nextAttemptAt: sql`CASE WHEN EXISTS (SELECT 1 FROM requests r WHERE r.id = ${submissions.requestId} AND r.withdrawn_at IS NOT NULL) THEN NULL ELSE ${options.now} END`,
      leaseOwner: null,
      leaseExpiresAt: null,
      updatedAt: options.now,
    })
    .where(and(inArray(submissions.id, options.ids), eq(submissions.leaseOwner, options.owner), eq(submissions.status, 'sending')))
    .run().changes;
}
