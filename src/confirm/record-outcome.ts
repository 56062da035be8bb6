import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { appendEvent } from '../cases/append-event.js';
import { refreshRequestStatus } from '../cases/derive-request-status.js';
import type { Db } from '../db/client.js';
import { requests, submissions } from '../db/schema.js';
import { applyConfirmation, type Confirmation } from './apply-confirmation.js';

export const outcomeSchema = z
  .object({
    outcome: z.enum(['filed', 'acknowledged', 'removed', 'rejected', 'note']),
    note: z.string().trim().min(1).max(2000).optional(),
    ticketId: z.string().trim().min(1).max(200).optional(),
    /** For `removed`: the links that are down; all of the notice's links when absent. */
    urls: z.array(z.string().max(2048)).min(1).max(1000).optional(),
  })
  .strict()
  .refine((o) => o.outcome !== 'note' || o.note !== undefined, { path: ['note'], message: 'a note needs its text' })
  .refine((o) => o.outcome === 'removed' || o.urls === undefined, { path: ['urls'], message: 'only for outcome "removed"' });
export type OutcomeInput = z.infer<typeof outcomeSchema>;

export type OutcomeResult =
  { kind: 'recorded' | 'unchanged' } | { kind: 'not_found' } | { kind: 'conflict'; detail: string } | { kind: 'unknown_url' };

const sent = new Set(['submitted', 'acknowledged', 'failed', 'queued']);

// What a caseworker learned outside the API: a web form filed by hand (with the platform's ticket
// number), or the platform's answer by e-mail or phone. It lands where every confirmation lands,
// in the same timeline, under the caseworker's name.
export function recordOutcome(
  db: Db,
  options: { requestId: string; submissionId: string; input: OutcomeInput; actor: string; now: number },
): OutcomeResult {
  const { input, actor, now } = options;
  return db.transaction(
    (tx) => {
      const submission = tx
        .select()
        .from(submissions)
        .where(and(eq(submissions.id, options.submissionId), eq(submissions.requestId, options.requestId)))
        .get();
      if (!submission) return { kind: 'not_found' };
      const request = tx.select({ closedAt: requests.closedAt }).from(requests).where(eq(requests.id, options.requestId)).get();
      if (request?.closedAt !== null) return { kind: 'conflict', detail: 'This case is closed.' };
      const event = { requestId: submission.requestId, submissionId: submission.id, platformId: submission.platformId, actor, at: now };

      if (input.outcome === 'note') {
        appendEvent(tx, { ...event, type: 'note', detail: input.note! });
        return { kind: 'recorded' };
      }
      if (submission.status === 'sending') {
        return { kind: 'conflict', detail: 'The notice is being sent right now; try again in a moment.' };
      }
      const final = submission.status === 'removed' || submission.status === 'rejected';
      if (final && input.outcome !== submission.status) {
        return { kind: 'conflict', detail: `This notice is already ${submission.status}; an outcome does not move it back.` };
      }

      if (input.outcome === 'filed') {
        if (submission.status !== 'manual_pending' && submission.status !== 'failed') {
          return {
            kind: 'conflict',
            detail: `Only a notice waiting to be filed by hand (or one that failed) can be recorded as filed; this one is ${submission.status}.`,
          };
        }
        tx.update(submissions)
          .set({
            status: 'submitted',
            submittedAt: now,
            ticketId: input.ticketId ?? submission.ticketId,
            lastError: null,
            nextAttemptAt: null,
            updatedAt: now,
          })
          .where(eq(submissions.id, submission.id))
          .run();
        const detail = ['filed by hand', input.ticketId ? `ticket ${input.ticketId}` : null, input.note].filter(Boolean).join('; ');
        appendEvent(tx, { ...event, type: 'submitted', detail });
        refreshRequestStatus(tx, submission.requestId, now);
        return { kind: 'recorded' };
      }

      const notSentYet = !sent.has(submission.status) || (submission.status === 'queued' && submission.attempts === 0);
      if (input.outcome !== 'removed' && notSentYet && !final) {
        return {
          kind: 'conflict',
          detail: `This notice has not reached the platform (it is ${submission.status}); record it as filed first.`,
        };
      }
      const confirmation: Confirmation =
        input.outcome === 'acknowledged'
          ? { status: 'acknowledged', detail: input.note }
          : input.outcome === 'removed'
            ? { status: 'removed', urls: input.urls, detail: input.note }
            : { status: 'rejected', reason: input.note ?? 'refused by the platform' };
      // Checks the links before it writes anything, so an unknown one leaves the case untouched.
      const applied = applyConfirmation(tx, { submission, confirmation, actor, now });
      if (applied === 'unknown_url') return { kind: 'unknown_url' };
      if (input.ticketId && submission.ticketId === null) {
        tx.update(submissions).set({ ticketId: input.ticketId, updatedAt: now }).where(eq(submissions.id, submission.id)).run();
      }
      if (applied === 'unchanged' && input.note) appendEvent(tx, { ...event, type: 'note', detail: input.note });
      return { kind: applied === 'applied' ? 'recorded' : 'unchanged' };
    },
    { behavior: 'immediate' },
  );
}
