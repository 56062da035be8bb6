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

// Recomputes the cached status and overdue flag of requests, in the caller's transaction. This
// runs after every send, so it is fixed statements over a list of requests (the settles of one
// commit refresh theirs together): one that counts, and at most three that write, which rewrite
// the status columns only when they change. SQLite rewrites a row's entry in every index that
// holds a column the UPDATE names, whether or not its value moved; `overdue` is in two indexes
// `status` is not in, so a change of status alone names status alone.
const sqlList = (statuses: ReadonlySet<string>) => [...statuses].map((s) => `'${s}'`).join(', ');
export const READ_TALLY = `
  SELECT r.id, r.withdrawn_at, r.closed_at, r.status, r.overdue AS request_overdue,
         (SELECT json_array(count(*), coalesce(sum(status = 'removed'), 0)) FROM items WHERE request_id = r.id) AS items,
         (SELECT json_array(coalesce(max(status IN (${sqlList(refusedStatuses)})), 0),
                            coalesce(max(overdue = 1 AND status NOT IN (${sqlList(finishedStatuses)})), 0),
                            coalesce(max(attempts > 0 OR status NOT IN (${sqlList(waitingStatuses)})), 0))
          FROM submissions WHERE request_id = r.id) AS submissions
  FROM requests r WHERE r.id IN (SELECT value FROM json_each(@ids))`;
const WRITE_STATUS = `
  UPDATE requests SET status = j.value ->> 'status', updated_at = @now
  FROM json_each(@list) AS j WHERE requests.id = j.value ->> 'id'`;
const WRITE_STATUS_AND_OVERDUE = `
  UPDATE requests SET status = j.value ->> 'status', overdue = j.value ->> 'overdue', updated_at = @now
  FROM json_each(@list) AS j WHERE requests.id = j.value ->> 'id'`;
const TOUCH = 'UPDATE requests SET updated_at = @now WHERE id IN (SELECT value FROM json_each(@ids))';
export const STATUS_WRITES = [WRITE_STATUS, WRITE_STATUS_AND_OVERDUE, TOUCH];

interface TallyRow {
  id: string;
  withdrawn_at: number | null;
  closed_at: number | null;
  status: string;
  request_overdue: number;
  /** [items, items removed] */
  items: string;
  /** [refused, overdue, started] */
  submissions: string;
}

export function refreshRequestStatus(tx: DbTx, requestId: string, now: number): RequestStatus {
  return refreshRequestStatuses(tx, [requestId], now).get(requestId)!;
}

/** Throws, writing nothing, if one of the requests does not exist. */
export function refreshRequestStatuses(tx: DbTx, requestIds: readonly string[], now: number): Map<string, RequestStatus> {
  const sqlite = connectionOf(tx);
  const rows = sqlite.prepare(READ_TALLY).all({ ids: JSON.stringify(requestIds) }) as TallyRow[];
  const statuses = new Map<string, RequestStatus>();
  const withOverdue: Array<{ id: string; status: RequestStatus; overdue: number }> = [];
  const statusOnly: Array<{ id: string; status: RequestStatus }> = [];
  const untouched: string[] = [];
  for (const row of rows) {
    const [items, itemsRemoved] = JSON.parse(row.items) as [number, number];
    const [refused, overdueSubmission, started] = JSON.parse(row.submissions) as [number, number, number];
    const flags = { withdrawnAt: row.withdrawn_at, closedAt: row.closed_at };
    const status = statusFromTally(flags, {
      items,
      itemsRemoved,
      refused: refused === 1,
      overdue: overdueSubmission === 1,
      started: started === 1,
    });
    statuses.set(row.id, status);
    const overdue = flags.withdrawnAt === null && flags.closedAt === null && status !== 'resolved' && overdueSubmission === 1;
    if (overdue !== (row.request_overdue === 1)) withOverdue.push({ id: row.id, status, overdue: overdue ? 1 : 0 });
    else if (status !== row.status) statusOnly.push({ id: row.id, status });
    else untouched.push(row.id);
  }
  const missing = requestIds.find((id) => !statuses.has(id));
  if (missing !== undefined) throw new Error(`request ${missing} not found`);
  if (withOverdue.length > 0) sqlite.prepare(WRITE_STATUS_AND_OVERDUE).run({ now, list: JSON.stringify(withOverdue) });
  if (statusOnly.length > 0) sqlite.prepare(WRITE_STATUS).run({ now, list: JSON.stringify(statusOnly) });
  if (untouched.length > 0) sqlite.prepare(TOUCH).run({ now, ids: JSON.stringify(untouched) });
  return statuses;
}
