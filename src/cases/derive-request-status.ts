import { connectionOf, type DbTx } from '../db/client.js';
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

// Recomputes the cached status and overdue flag of a request, in the caller's transaction. This
// runs after every send, so it is fixed SQL, and it rewrites the status columns (and the five
// indexes that hold them) only when they change.
const READ_REQUEST = 'SELECT withdrawn_at, closed_at, status, overdue FROM requests WHERE id = ?';
const READ_SUBMISSIONS = 'SELECT status, attempts, overdue FROM submissions WHERE request_id = ?';
const READ_ITEMS = 'SELECT status FROM items WHERE request_id = ?';
const WRITE_STATUS = 'UPDATE requests SET status = ?, overdue = ?, updated_at = ? WHERE id = ?';
const TOUCH = 'UPDATE requests SET updated_at = ? WHERE id = ?';

export function refreshRequestStatus(tx: DbTx, requestId: string, now: number): RequestStatus {
  const sqlite = connectionOf(tx);
  const request = sqlite.prepare(READ_REQUEST).get(requestId) as
    { withdrawn_at: number | null; closed_at: number | null; status: string; overdue: number } | undefined;
  if (!request) throw new Error(`request ${requestId} not found`);
  const subs = (sqlite.prepare(READ_SUBMISSIONS).all(requestId) as Array<{ status: string; attempts: number; overdue: number }>).map(
    (s) => ({ status: s.status, attempts: s.attempts, overdue: s.overdue === 1 }),
  );
  const its = sqlite.prepare(READ_ITEMS).all(requestId) as Array<{ status: string }>;
  const flags = { withdrawnAt: request.withdrawn_at, closedAt: request.closed_at };
  const status = deriveRequestStatus(flags, subs, its);
  const overdue = flags.withdrawnAt === null && flags.closedAt === null && status !== 'resolved' && subs.some(isOverdue);
  if (status !== request.status || overdue !== (request.overdue === 1)) {
    sqlite.prepare(WRITE_STATUS).run(status, overdue ? 1 : 0, now, requestId);
  } else {
    sqlite.prepare(TOUCH).run(now, requestId);
  }
  return status;
}
