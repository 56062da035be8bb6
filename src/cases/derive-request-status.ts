import { connectionOf, type DbTx } from '../db/client.js';
import type { RequestStatus, SubmissionStatus } from './event-types.js';

// Submissions whose work is over: nothing of theirs can still be late.
const finishedStatuses: ReadonlySet<string> = new Set<SubmissionStatus>(['removed', 'rejected', 'failed', 'withdrawn']);

// What a request's status follows from, counted over its submissions and items.
interface RequestTally {
  items: number;
  itemsRemoved: number;
  /** A submission failed or was rejected. */
  refused: boolean;
  /** A submission whose response clock ran out is still unfinished. */
  overdue: boolean;
  /** A submission was sent at least once, or is past waiting to be. */
  started: boolean;
}

// A request's status follows from its submissions and items; nobody sets it by hand. A platform
// that let a response clock run out needs a person as much as one that refused.
function statusFromTally(request: { withdrawnAt: number | null; closedAt: number | null }, tally: RequestTally): RequestStatus {
  if (request.closedAt !== null) return 'closed';
  if (request.withdrawnAt !== null) return 'withdrawn';
  if (tally.items > 0 && tally.itemsRemoved === tally.items) return 'resolved';
  if (tally.refused || tally.overdue) return 'needs_attention';
  if (tally.itemsRemoved > 0) return 'partially_resolved';
  return tally.started ? 'in_progress' : 'open';
}

const refusedStatuses: ReadonlySet<string> = new Set<SubmissionStatus>(['failed', 'rejected']);
const waitingStatuses: ReadonlySet<string> = new Set<SubmissionStatus>(['queued', 'manual_pending']);

export function isOverdue(sub: { status: string; overdue?: boolean }): boolean {
  return sub.overdue === true && !finishedStatuses.has(sub.status);
}

// Recomputes the cached status and overdue flag of a request, in the caller's transaction. This
// runs after every send, so it is one fixed statement that counts, and it rewrites the status
// columns only when they change. SQLite rewrites a row's entry in every index that holds a column
// the UPDATE names, whether or not its value moved; `overdue` is in two indexes `status` is not
// in, so a change of status alone names status alone.
const sqlList = (statuses: ReadonlySet<string>) => [...statuses].map((s) => `'${s}'`).join(', ');
export const READ_TALLY = `
  SELECT r.withdrawn_at, r.closed_at, r.status, r.overdue AS request_overdue,
         i.items, i.items_removed, s.refused, s.overdue, s.started
  FROM requests r,
       (SELECT count(*) AS items, coalesce(sum(status = 'removed'), 0) AS items_removed FROM items WHERE request_id = @id) i,
       (SELECT coalesce(max(status IN (${sqlList(refusedStatuses)})), 0) AS refused,
               coalesce(max(overdue = 1 AND status NOT IN (${sqlList(finishedStatuses)})), 0) AS overdue,
               coalesce(max(attempts > 0 OR status NOT IN (${sqlList(waitingStatuses)})), 0) AS started
        FROM submissions WHERE request_id = @id) s
  WHERE r.id = @id`;
const WRITE_STATUS = 'UPDATE requests SET status = ?, updated_at = ? WHERE id = ?';
const WRITE_STATUS_AND_OVERDUE = 'UPDATE requests SET status = ?, overdue = ?, updated_at = ? WHERE id = ?';
const TOUCH = 'UPDATE requests SET updated_at = ? WHERE id = ?';

interface TallyRow {
  withdrawn_at: number | null;
  closed_at: number | null;
  status: string;
  request_overdue: number;
  items: number;
  items_removed: number;
  refused: number;
  overdue: number;
  started: number;
}

export function refreshRequestStatus(tx: DbTx, requestId: string, now: number): RequestStatus {
  const sqlite = connectionOf(tx);
  const row = sqlite.prepare(READ_TALLY).get({ id: requestId }) as TallyRow | undefined;
  if (!row) throw new Error(`request ${requestId} not found`);
  const flags = { withdrawnAt: row.withdrawn_at, closedAt: row.closed_at };
  const status = statusFromTally(flags, {
    items: row.items,
    itemsRemoved: row.items_removed,
    refused: row.refused === 1,
    overdue: row.overdue === 1,
    started: row.started === 1,
  });
  const overdue = flags.withdrawnAt === null && flags.closedAt === null && status !== 'resolved' && row.overdue === 1;
  if (overdue !== (row.request_overdue === 1)) {
    sqlite.prepare(WRITE_STATUS_AND_OVERDUE).run(status, overdue ? 1 : 0, now, requestId);
  } else if (status !== row.status) {
    sqlite.prepare(WRITE_STATUS).run(status, now, requestId);
  } else {
    sqlite.prepare(TOUCH).run(now, requestId);
  }
  return status;
}
