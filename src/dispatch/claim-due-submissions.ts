import type Database from 'better-sqlite3';

// The outbox's claim side, in raw prepared SQL: this runs many times a second and its plan is
// part of the contract with the index in db/schema.ts (submissions_due_idx), which a test checks.

export interface ClaimedSubmission {
  id: string;
  requestId: string;
  platformId: string;
  channel: string;
  noticeId: string;
  priority: number;
  attempts: number;
}

export interface ClaimOptions {
  now: number;
  owner: string;
  leaseMs: number;
  priority: 0 | 1;
  limit: number;
  /** How many more sends each platform may take now; platforms absent here have `defaultRoom`. */
  roomByPlatform: ReadonlyMap<string, number>;
  defaultRoom: number;
}

// `LIMIT CAST(? AS INTEGER)`, not `LIMIT ?`: the SQLite bundled here (3.53) plans a bare `LIMIT ?`
// with the value bound to it, so binding it again, as every claim does, compiles the statement
// again at its next run: 5 µs a run, more than the seek itself (bench/README.md, round 9).
export const DUE_QUERY = `
  SELECT id, platform_id FROM submissions
  WHERE status = 'queued' AND priority = ? AND next_attempt_at <= ?
  ORDER BY next_attempt_at
  LIMIT CAST(? AS INTEGER)`;

// Work whose worker died goes back to the queue, unless its request was withdrawn or its case
// closed meanwhile (it must not go out again; closeCase makes queued notices 'withdrawn' too) or
// it has no attempts left. Served by submissions_lease_idx.
export const EXPIRED_QUERY = `
  UPDATE submissions
  SET status = CASE
        WHEN EXISTS (SELECT 1 FROM requests r WHERE r.id = submissions.request_id AND (r.withdrawn_at IS NOT NULL OR r.closed_at IS NOT NULL)) THEN 'withdrawn'
        WHEN attempts >= ? THEN 'failed'
        ELSE 'queued' END,
      next_attempt_at = CASE
        WHEN EXISTS (SELECT 1 FROM requests r WHERE r.id = submissions.request_id AND (r.withdrawn_at IS NOT NULL OR r.closed_at IS NOT NULL)) THEN NULL
        WHEN attempts >= ? THEN NULL
        ELSE ? END,
      lease_owner = NULL, lease_expires_at = NULL, updated_at = ?,
      last_error = 'the worker sending this notice stopped before it got an answer'
  WHERE status = 'sending' AND lease_expires_at <= ?
  RETURNING id, request_id, platform_id, status`;

// When the oldest due work belongs to platforms that have no room, DUE_QUERY would read the whole
// backlog to find work for the others (70 ms for 100,000 due notices, on the event loop). The
// claim then goes per platform instead, on submissions_platform_due_idx: a loose index scan
// lists the platforms with queued work (one seek each), and one seek per platform with room takes
// its oldest due work.
const QUEUED_PLATFORMS_QUERY = `
  WITH RECURSIVE platform(id) AS (
    SELECT (SELECT platform_id FROM submissions WHERE status = 'queued' AND priority = @priority ORDER BY platform_id LIMIT 1)
    UNION ALL
    SELECT (SELECT platform_id FROM submissions WHERE status = 'queued' AND priority = @priority AND platform_id > platform.id
            ORDER BY platform_id LIMIT 1)
    FROM platform WHERE platform.id IS NOT NULL)
  SELECT id FROM platform WHERE id IS NOT NULL`;

const PLATFORM_DUE_QUERY = `
  SELECT id, platform_id, next_attempt_at FROM submissions
  WHERE status = 'queued' AND priority = ? AND platform_id = ? AND next_attempt_at <= ?
  ORDER BY next_attempt_at
  LIMIT CAST(? AS INTEGER)`;

export interface SubmissionQueue {
  /** Leases due work of one priority, oldest first, within each platform's room. */
  claim(options: ClaimOptions): ClaimedSubmission[];
  /** Puts work whose lease ran out (its worker died) back in the queue; returns what it moved. */
  reclaimExpired(options: {
    now: number;
    maxAttempts: number;
  }): Array<{ id: string; requestId: string; platformId: string; status: string }>;
  /** Extends the leases of the given notices, the ones this worker still has in flight. */
  renewLeases(options: { ids: readonly string[]; owner: string; now: number; leaseMs: number }): number;
  /** Ends a lease now, so the next pass's reclaim puts the notice back in the queue. */
  expireLease(options: { id: string; owner: string; now: number }): number;
}

export function createSubmissionQueue(sqlite: Database.Database): SubmissionQueue {
  const due = sqlite.prepare<[number, number, number], { id: string; platform_id: string }>(DUE_QUERY);
  const queuedPlatforms = sqlite.prepare<[{ priority: number }], string>(QUEUED_PLATFORMS_QUERY).pluck();
  const platformDue = sqlite.prepare<[number, string, number, number], { id: string; platform_id: string; next_attempt_at: number }>(
    PLATFORM_DUE_QUERY,
  );
  // The unary + keeps SQLite from answering this through the status index, which made it read
  // every queued row (100,000 of them in a backlog) instead of seeking the few ids it was given.
  const lease = sqlite.prepare<[string, number, number, string], Record<string, unknown>>(`
    UPDATE submissions
    SET status = 'sending', lease_owner = ?, lease_expires_at = ?, attempts = attempts + 1, updated_at = ?
    WHERE id IN (SELECT value FROM json_each(?)) AND +status = 'queued'
    RETURNING id, request_id, platform_id, channel, notice_id, priority, attempts`);
  const expired = sqlite.prepare<
    [number, number, number, number, number],
    { id: string; request_id: string; platform_id: string; status: string }
  >(EXPIRED_QUERY);
  // By id, not every lease of this owner: a notice whose settle could not be written is no longer
  // in flight but still 'sending' under this owner, and renewing it would keep it from ever being
  // reclaimed while the worker stays busy. The unary + as in `lease` above.
  const renew = sqlite.prepare<[number, string, string]>(
    `UPDATE submissions SET lease_expires_at = ?
     WHERE id IN (SELECT value FROM json_each(?)) AND lease_owner = ? AND +status = 'sending'`,
  );
  const expire = sqlite.prepare<[number, string, string, number]>(
    `UPDATE submissions SET lease_expires_at = ? WHERE id = ? AND lease_owner = ? AND status = 'sending' AND lease_expires_at > ?`,
  );

  function leaseDue(o: ClaimOptions): ClaimedSubmission[] {
    // A bounded read of the oldest due work, which is all a claim needs when the platforms at the
    // head of the queue have room; over-read so one busy platform there does not starve the others.
    // When no platform can run out of room within this claim, the oldest `limit` are exactly what
    // it takes, and reading four times as many was most of the claim's reading.
    let roomForAll = o.defaultRoom >= o.limit;
    for (const room of o.roomByPlatform.values()) roomForAll &&= room >= o.limit;
    const overRead = roomForAll ? o.limit : o.limit * 4;
    const candidates = due.all(o.priority, o.now, overRead);
    const pick = (rows: ReadonlyArray<{ id: string; platform_id: string }>): string[] => {
      const room = new Map(o.roomByPlatform);
      const picked: string[] = [];
      for (const c of rows) {
        if (picked.length >= o.limit) break;
        const left = room.get(c.platform_id) ?? o.defaultRoom;
        if (left <= 0) continue;
        room.set(c.platform_id, left - 1);
        picked.push(c.id);
      }
      return picked;
    };
    let picked = pick(candidates);
    if (picked.length < o.limit && candidates.length === overRead) picked = pick(perPlatformCandidates(o));
    if (picked.length === 0) return [];
    return lease.all(o.owner, o.now + o.leaseMs, o.now, JSON.stringify(picked)).map((r) => ({
      id: r.id as string,
      requestId: r.request_id as string,
      platformId: r.platform_id as string,
      channel: r.channel as string,
      noticeId: r.notice_id as string,
      priority: r.priority as number,
      attempts: r.attempts as number,
    }));
  }
  const claimTx = sqlite.transaction(leaseDue);

  // The oldest due work of every platform that has room, oldest first overall.
  function perPlatformCandidates(o: ClaimOptions): Array<{ id: string; platform_id: string }> {
    const rows: Array<{ id: string; platform_id: string; next_attempt_at: number }> = [];
    for (const platformId of queuedPlatforms.all({ priority: o.priority })) {
      const room = Math.min(o.limit, o.roomByPlatform.get(platformId) ?? o.defaultRoom);
      if (room > 0) rows.push(...platformDue.all(o.priority, platformId, o.now, room));
    }
    return rows.sort((a, b) => a.next_attempt_at - b.next_attempt_at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  return {
    // Inside a transaction (the worker's claims run in the group commit, in a savepoint of their
    // own) the claim is already atomic: a savepoint more would be two statements more per claim.
    claim: (options) => (options.limit <= 0 ? [] : sqlite.inTransaction ? leaseDue(options) : claimTx.immediate(options)),
    reclaimExpired: ({ now, maxAttempts }) =>
      expired
        .all(maxAttempts, maxAttempts, now, now, now)
        .map((r) => ({ id: r.id, requestId: r.request_id, platformId: r.platform_id, status: r.status })),
    renewLeases: ({ ids, owner, now, leaseMs }) => (ids.length === 0 ? 0 : renew.run(now + leaseMs, JSON.stringify(ids), owner).changes),
    expireLease: ({ id, owner, now }) => expire.run(now, id, owner, now).changes,
  };
}
