import { eq } from 'drizzle-orm';
import type { DbTx } from '../db/client.js';
import { items, requests, submissions } from '../db/schema.js';
import type { ItemStatus, RequestStatus, SubmissionStatus } from './event-types.js';

// Submissions whose work is over: nothing of theirs can still be late.
const finishedStatuses: ReadonlySet<string> = new Set<SubmissionStatus>(['removed', 'rejected', 'failed', 'withdrawn']);

// A request's status follows from its submissions and items; nobody sets it by hand. A platform
// that let a response clock run out needs a person as much as one that refused.
export function deriveRequestStatus(
  request: { withdrawnAt: number | null; closedAt: number | null },
  subs: ReadonlyArray<{ status: string; attempts: number; overdue?: boolean }>,
  itemStatuses: ReadonlyArray<{ status: string }>,
): RequestStatus {
  if (request.closedAt !== null) return 'closed';
  if (request.withdrawnAt !== null) return 'withdrawn';
  const itemsGone = itemStatuses.filter((i) => (i.status as ItemStatus) === 'removed').length;
  if (itemStatuses.length > 0 && itemsGone === itemStatuses.length) return 'resolved';
  const statuses = subs.map((s) => s.status as SubmissionStatus);
  if (statuses.some((s) => s === 'failed' || s === 'rejected')) return 'needs_attention';
  if (subs.some(isOverdue)) return 'needs_attention';
  if (itemsGone > 0) return 'partially_resolved';
  const started = subs.some((s) => s.attempts > 0 || !['queued', 'manual_pending'].includes(s.status));
  return started ? 'in_progress' : 'open';
}

export function isOverdue(sub: { status: string; overdue?: boolean }): boolean {
  return sub.overdue === true && !finishedStatuses.has(sub.status);
}

// Recomputes the cached status and overdue flag of a request, in the caller's transaction.
export function refreshRequestStatus(tx: DbTx, requestId: string, now: number): RequestStatus {
  const request = tx
    .select({ withdrawnAt: requests.withdrawnAt, closedAt: requests.closedAt })
    .from(requests)
    .where(eq(requests.id, requestId))
    .get();
  if (!request) throw new Error(`request ${requestId} not found`);
  const subs = tx
    .select({ status: submissions.status, attempts: submissions.attempts, overdue: submissions.overdue })
    .from(submissions)
    .where(eq(submissions.requestId, requestId))
    .all();
  const its = tx.select({ status: items.status }).from(items).where(eq(items.requestId, requestId)).all();
  const status = deriveRequestStatus(request, subs, its);
  const overdue = request.withdrawnAt === null && request.closedAt === null && status !== 'resolved' && subs.some(isOverdue);
  tx.update(requests).set({ status, overdue, updatedAt: now }).where(eq(requests.id, requestId)).run();
  return status;
}
