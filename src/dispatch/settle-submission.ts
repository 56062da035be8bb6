import type Database from 'better-sqlite3';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { SendError } from '../../platforms/send-error.js';
import type { SubmitOutcome } from '../../platforms/types.js';
import { appendEvent } from '../cases/append-event.js';
import { refreshRequestStatus, refreshRequestStatuses } from '../cases/derive-request-status.js';
import { connectionOf, type Db } from '../db/client.js';
import { submissions } from '../db/schema.js';
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

// What settling writes, as fixed SQL: this runs once per notice sent, and building it through
// drizzle each time cost more than running it.
const READ_CURRENT = `
  SELECT s.attempts, r.withdrawn_at, r.closed_at FROM submissions s JOIN requests r ON r.id = s.request_id
  WHERE s.id = ? AND s.lease_owner = ? AND s.status = 'sending'`;
const WRITE_OTHER = `
  UPDATE submissions
  SET status = ?, lease_owner = NULL, lease_expires_at = NULL, attempts = ?, updated_at = ?, last_error = ?, next_attempt_at = ?
  WHERE id = ?`;

// An accepted notice is submitted whatever else is true of it, so its settle checks the lease and
// writes in one statement, and the accepted notices of one turn share that statement.
export const WRITE_ALL_ACCEPTED = `
  UPDATE submissions
  SET status = 'submitted', lease_owner = NULL, lease_expires_at = NULL, attempts = attempts + (j.value ->> 'extraSends'),
      updated_at = @now, ticket_id = j.value ->> 'ticketId', submitted_at = @now, last_error = NULL, next_attempt_at = NULL
  FROM json_each(@list) AS j
  WHERE submissions.id = j.value ->> 'id' AND submissions.lease_owner = @owner AND submissions.status = 'sending'
  RETURNING submissions.id`;
const INSERT_EVENTS = `
  INSERT INTO events (request_id, submission_id, type, platform_id, detail, actor, at)
  SELECT value ->> 'requestId', value ->> 'submissionId', value ->> 'type', value ->> 'platformId', value ->> 'detail', 'system', @now
  FROM json_each(@list)`;

interface SettleOptions {
  db: Db;
  claimed: ClaimedSubmission;
  owner: string;
  result: SendResult;
  policy: SettlePolicy;
  now: number;
}

interface PendingEvent {
  requestId: string;
  submissionId: string;
  platformId: string;
  type: 'submitted' | 'attempt_failed';
  detail: string | null;
}

// Records what one claimed send came to, and only while this worker still holds the lease: if it
// expired and another worker took the notice over, that worker's answer is the one that counts.
// It runs in the caller's transaction, which must give it a savepoint of its own so its writes
// stand or fall together: the group commit does (worker.ts).
export function settleSubmission(options: SettleOptions): Settled {
  const sqlite = connectionOf(options.db);
  if (!sqlite.inTransaction) throw new Error('settleSubmission runs inside a transaction');
  const settled = writeOutcome(sqlite, options);
  if (settled !== 'lease_lost') refreshRequestStatus(options.db, options.claimed.requestId, options.now);
  return settled;
}

/** A claimed notice and what its send came to. */
export interface AnsweredSend {
  claimed: ClaimedSubmission;
  result: SendResult;
}

export type SettleOutcome = { ok: true; value: Settled } | { ok: false; error: unknown };

// Records the outcomes of the sends answered during one turn, in the caller's transaction: the
// accepted ones in one update and one insert of events, then one status refresh for all their
// requests, instead of six statements each. If any of it throws, nothing of it stays and each
// send is settled alone in a savepoint of its own, so one that cannot be recorded loses only
// its own rows, as when every settle was separate.
export function settleSubmissions(options: {
  db: Db;
  sends: ReadonlyArray<AnsweredSend>;
  owner: string;
  policy: SettlePolicy;
  now: number;
}): SettleOutcome[] {
  const { db, sends, owner, policy, now } = options;
  const sqlite = connectionOf(db);
  if (!sqlite.inTransaction) throw new Error('settleSubmissions runs inside a transaction');
  try {
    return sqlite
      .transaction(() => settleTogether(sqlite, options))()
      .map((value) => ({ ok: true, value }));
  } catch (error) {
    // On a full disk or an I/O error SQLite may roll back the whole transaction, not only the
    // savepoint: then nothing can be recorded here.
    if (!sqlite.inTransaction) throw error;
  }
  return sends.map(({ claimed, result }): SettleOutcome => {
    try {
      return { ok: true, value: sqlite.transaction(() => settleSubmission({ db, claimed, owner, result, policy, now }))() };
    } catch (error) {
      if (!sqlite.inTransaction) throw error;
      return { ok: false, error };
    }
  });
}

function settleTogether(sqlite: Database.Database, options: Parameters<typeof settleSubmissions>[0]): Settled[] {
  const { db, sends, owner, policy, now } = options;
  const written = writeAccepted(sqlite, { owner, now, sends });
  const events: PendingEvent[] = [];
  const settled = sends.map(({ claimed, result }): Settled => {
    if (result.outcome.kind !== 'accepted') return writeOutcome(sqlite, { db, claimed, owner, result, policy, now });
    if (!written.has(claimed.id)) return 'lease_lost';
    const event = { requestId: claimed.requestId, submissionId: claimed.id, platformId: claimed.platformId };
    for (const f of result.failures) events.push({ ...event, type: 'attempt_failed', detail: f.message });
    events.push({ ...event, type: 'submitted', detail: acceptedDetail(result.outcome) });
    return 'submitted';
  });
  if (events.length > 0) sqlite.prepare(INSERT_EVENTS).run({ now, list: JSON.stringify(events) });
  const requestIds = new Set(sends.filter((_, i) => settled[i] !== 'lease_lost').map(({ claimed }) => claimed.requestId));
  if (requestIds.size > 0) refreshRequestStatuses(db, [...requestIds], now);
  return settled;
}

// Marks the accepted ones of `sends` submitted, those whose lease this worker still holds; returns
// their ids. The claim counted each first send; quick retries add theirs.
function writeAccepted(
  sqlite: Database.Database,
  options: { owner: string; now: number; sends: ReadonlyArray<AnsweredSend> },
): Set<string> {
  const accepted = options.sends.flatMap(({ claimed, result }) =>
    result.outcome.kind === 'accepted' ? [{ id: claimed.id, extraSends: result.sends - 1, ticketId: result.outcome.ticketId ?? null }] : [],
  );
  if (accepted.length === 0) return new Set();
  const list = JSON.stringify(accepted);
  return new Set(sqlite.prepare(WRITE_ALL_ACCEPTED).pluck().all({ now: options.now, owner: options.owner, list }) as string[]);
}

function acceptedDetail(outcome: Extract<SubmitOutcome, { kind: 'accepted' }>): string | null {
  return [outcome.ticketId ? `ticket ${outcome.ticketId}` : null, outcome.detail].filter(Boolean).join('; ') || null;
}

// Writes one send's outcome and its events, not the request's status.
function writeOutcome(sqlite: Database.Database, options: SettleOptions): Settled {
  const { db, claimed, owner, result, policy, now } = options;
  const event = { requestId: claimed.requestId, submissionId: claimed.id, platformId: claimed.platformId, actor: 'system', at: now };
  const recordFailures = () => {
    for (const f of result.failures) appendEvent(db, { ...event, type: 'attempt_failed', detail: f.message });
  };
  const outcome: SubmitOutcome | { kind: 'error'; error: SendError } = result.outcome;
  if (outcome.kind === 'accepted') {
    const written = writeAccepted(sqlite, { owner, now, sends: [{ claimed, result }] });
    if (written.size === 0) return 'lease_lost';
    recordFailures();
    appendEvent(db, { ...event, type: 'submitted', detail: acceptedDetail(outcome) });
    return 'submitted';
  }

  const current = sqlite.prepare(READ_CURRENT).get(claimed.id, owner) as
    { attempts: number; withdrawn_at: number | null; closed_at: number | null } | undefined;
  if (!current) return 'lease_lost';
  // A closed case stops its pending work as a withdrawal does (closeCase makes queued notices
  // 'withdrawn'): what was not sent is not sent later, when its explanation may have been purged.
  const withdrawn = current.withdrawn_at !== null || current.closed_at !== null;
  const why = current.withdrawn_at !== null ? 'the request was withdrawn' : 'the case was closed';
  const attempts = current.attempts + result.sends - 1;
  recordFailures();
  const write = (status: Settled, lastError: string | null, nextAttemptAt: number | null = null) =>
    sqlite.prepare(WRITE_OTHER).run(status, attempts, now, lastError, nextAttemptAt, claimed.id);
  if (outcome.kind === 'rejected') {
    write('rejected', outcome.reason);
    appendEvent(db, { ...event, type: 'rejected', detail: outcome.reason });
    return 'rejected';
  }
  if (outcome.kind === 'manual') {
    // Nothing could be sent by itself (no abuse contact found in time, an API not configured):
    // a person takes over, told what was tried. A withdrawn request needs nobody.
    const settled = withdrawn ? 'withdrawn' : 'manual_pending';
    write(settled, outcome.reason);
    appendEvent(db, {
      ...event,
      type: 'routed',
      detail: withdrawn ? `not sent: ${why} (${outcome.reason})` : `manual work: ${outcome.reason}`,
    });
    return settled;
  }
  if (!outcome.error.retryable || attempts >= policy.maxAttempts) {
    const reason = outcome.error.retryable ? `gave up after ${attempts} attempts: ${outcome.error.message}` : outcome.error.message;
    write('failed', reason);
    appendEvent(db, { ...event, type: 'failed', detail: reason });
    return 'failed';
  }
  if (withdrawn) {
    write('withdrawn', outcome.error.message);
    appendEvent(db, { ...event, type: 'attempt_failed', detail: `${outcome.error.message}; not retried: ${why}` });
    return 'withdrawn';
  }
  const delay = retryDelay({
    attempts,
    baseMs: policy.retryBaseMs,
    maxMs: policy.retryMaxMs,
    retryAfterMs: outcome.error.retryAfterMs,
    random: policy.random,
  });
  const nextAttemptAt = now + delay;
  write('queued', outcome.error.message, nextAttemptAt);
  appendEvent(db, {
    ...event,
    type: 'attempt_failed',
    detail: `${outcome.error.message}; next attempt at ${new Date(nextAttemptAt).toISOString()}`,
  });
  return 'queued';
}

const stoppedRequest = sql`SELECT 1 FROM requests r WHERE r.id = ${submissions.requestId} AND (r.withdrawn_at IS NOT NULL OR r.closed_at IS NOT NULL)`;

// Work interrupted by a shutdown goes straight back to the queue, due now, for the next worker.
export function releaseInterrupted(options: { db: Db; ids: string[]; owner: string; now: number }): number {
  if (options.ids.length === 0) return 0;
  return options.db
    .update(submissions)
    .set({
      // A request withdrawn, or a case closed, meanwhile keeps its notice from going out again.
      status: sql`CASE WHEN EXISTS (${stoppedRequest}) THEN 'withdrawn' ELSE 'queued' END`,
      nextAttemptAt: sql`CASE WHEN EXISTS (${stoppedRequest}) THEN NULL ELSE ${options.now} END`,
      leaseOwner: null,
      leaseExpiresAt: null,
      updatedAt: options.now,
    })
    .where(and(inArray(submissions.id, options.ids), eq(submissions.leaseOwner, options.owner), eq(submissions.status, 'sending')))
    .run().changes;
}
