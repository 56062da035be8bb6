import { and, eq } from 'drizzle-orm';
import { appendEvent } from '../cases/append-event.js';
import { refreshRequestStatus } from '../cases/derive-request-status.js';
import type { DbTx } from '../db/client.js';
import { items, submissions, urlChecks, urlCheckSchedule } from '../db/schema.js';
import type { UrlCheckResult } from './check-url.js';

export interface CheckedItem {
  itemId: string;
  url: string;
  requestId: string;
  submissionId: string;
  platformId: string;
}

export type UrlCheckEffect = 'verified_gone' | 'verified_online' | 'reopened' | 'unchanged';

// Records one re-check and what it changes, in the caller's transaction: the result row, the next
// due time, and, when the answer is news, the item's status with a timeline event. A URL that was
// gone and is served again re-opens its submission, so the request's status moves back with it.
// Repeating what is already known writes no event, so the timeline shows changes, not polling.
export function applyUrlCheck(
  tx: DbTx,
  options: { item: CheckedItem; result: UrlCheckResult; now: number; nextCheckAt: number },
): UrlCheckEffect {
  const { item, result, now, nextCheckAt } = options;
  // Whether we ever saw it gone ourselves, or only the platform said so: the timeline says which.
  const seenGone =
    tx
      .select({ id: urlChecks.id })
      .from(urlChecks)
      .where(and(eq(urlChecks.itemId, item.itemId), eq(urlChecks.outcome, 'gone')))
      .limit(1)
      .get() !== undefined;
  tx.insert(urlChecks)
    .values({
      itemId: item.itemId,
      checkedAt: now,
      outcome: result.outcome,
      statusCode: result.statusCode,
      contentHash: result.contentHash,
      detail: result.detail,
      durationMs: result.durationMs,
    })
    .run();
  tx.insert(urlCheckSchedule)
    .values({ itemId: item.itemId, nextCheckAt, lastCheckedAt: now, lastOutcome: result.outcome })
    .onConflictDoUpdate({
      target: urlCheckSchedule.itemId,
      set: { nextCheckAt, lastCheckedAt: now, lastOutcome: result.outcome },
    })
    .run();
  if (result.outcome === 'inconclusive') return 'unchanged';

  const current = tx.select({ status: items.status }).from(items).where(eq(items.id, item.itemId)).get();
  const submission = tx.select().from(submissions).where(eq(submissions.id, item.submissionId)).get();
  if (!current || !submission) return 'unchanged';
  const event = {
    requestId: item.requestId,
    submissionId: item.submissionId,
    platformId: item.platformId,
    actor: 'system:recheck',
    at: now,
  };

  if (result.outcome === 'gone') {
    if (current.status === 'removed') return 'unchanged';
    tx.update(items).set({ status: 'removed', updatedAt: now }).where(eq(items.id, item.itemId)).run();
    const others = tx
      .select({ status: items.status })
      .from(items)
      .where(and(eq(items.submissionId, item.submissionId)))
      .all();
    // A refusal stays on record as what the platform said; the items say the content is gone.
    if (others.every((o) => o.status === 'removed') && submission.status !== 'removed' && submission.status !== 'rejected') {
      tx.update(submissions).set({ status: 'removed', resolvedAt: now, updatedAt: now }).where(eq(submissions.id, submission.id)).run();
    }
    appendEvent(tx, { ...event, type: 'verified_gone', detail: `${item.url}: ${result.detail}` });
    refreshRequestStatus(tx, item.requestId, now);
    return 'verified_gone';
  }

  if (current.status === 'online') return 'unchanged';
  const cameBack = current.status === 'removed';
  tx.update(items).set({ status: 'online', updatedAt: now }).where(eq(items.id, item.itemId)).run();
  if (cameBack && submission.status === 'removed') {
    // Back to where it stood before the removal: the platform has the notice and must act again,
    // or, if it never went out, its web form waits for a person again.
    const reopened = submission.submittedAt === null ? 'manual_pending' : submission.acknowledgedAt !== null ? 'acknowledged' : 'submitted';
    tx.update(submissions).set({ status: reopened, resolvedAt: null, updatedAt: now }).where(eq(submissions.id, submission.id)).run();
  }
  appendEvent(tx, {
    ...event,
    type: 'verified_online',
    detail: !cameBack
      ? `${item.url}: still served (${result.detail})`
      : seenGone
        ? `${item.url}: served again after it was gone (${result.detail})`
        : `${item.url}: still served although it was reported removed (${result.detail})`,
  });
  refreshRequestStatus(tx, item.requestId, now);
  return cameBack ? 'reopened' : 'verified_online';
}
