import { eq, sql } from 'drizzle-orm';
import { channelTypes } from '../../platforms/types.js';
import type { DbTx } from '../db/client.js';
import { newRowId } from '../db/new-id.js';
import { reminders, submissions } from '../db/schema.js';

// Channels that can take a reminder: the notice went out by a machine, so it can go out again.
// A notice for a web form was filed by a person; there is nothing a machine could send again.
export const remindableChannels: ReadonlySet<string> = new Set(channelTypes.filter((channel) => channel !== 'manual'));

/**
 * Queues the next reminder of a notice, due now (send-reminders.ts sends it under its own
 * idempotency key, so a platform that remembers keys takes it as a reminder, not as a retry of
 * the notice it already has). `why` is the clock that ran out, or a caseworker's request.
 * Returns the reminder's number, counted in the row itself so that a clock pass and a caseworker
 * reminding at the same time get two numbers. Runs in the caller's transaction.
 */
export function queueReminder(
  tx: DbTx,
  options: { submission: { id: string; requestId: string }; why: 'acknowledge' | 'remove' | 'caseworker'; now: number },
): number {
  const { submission, now } = options;
  const { n } = tx
    .update(submissions)
    .set({ reminders: sql`${submissions.reminders} + 1` })
    .where(eq(submissions.id, submission.id))
    .returning({ n: submissions.reminders })
    .get()!;
  tx.insert(reminders)
    .values({
      id: newRowId(),
      submissionId: submission.id,
      requestId: submission.requestId,
      n,
      clock: options.why,
      status: 'queued',
      nextAttemptAt: now,
      createdAt: now,
    })
    .onConflictDoNothing()
    .run();
  return n;
}
