import { setImmediate as nextTurn } from 'node:timers/promises';
import { and, eq, isNull } from 'drizzle-orm';
import type { PlatformRegistry } from '../../platforms/registry.js';
import { appendEvent } from '../cases/append-event.js';
import { refreshRequestStatus } from '../cases/derive-request-status.js';
import { connectionOf, type Db } from '../db/client.js';
import { submissions } from '../db/schema.js';
import { enqueueAlert } from './enqueue-alert.js';
import { queueReminder, remindableChannels } from './queue-reminder.js';
import { clockWindows, expiredClocks, formatWindow, shortestWindows, type ClockConfig, type ClockName } from './response-clocks.js';

const escalatedColumn = {
  send: 'sendEscalatedAt',
  acknowledge: 'acknowledgeEscalatedAt',
  remove: 'removeEscalatedAt',
} as const satisfies Record<ClockName, keyof typeof submissions.$inferSelect>;

const clockWords: Record<ClockName, string> = {
  send: 'not sent',
  acknowledge: 'not acknowledged by the platform',
  remove: 'not acted on by the platform',
};

interface Escalation {
  clock: ClockName;
  deadline: number;
  /** For the remove clock escalating again: the how-manieth time. */
  repeat?: number;
}

export interface EscalationResult {
  escalated: number;
  cleared: number;
}

// A pass reads and judges this many notices at a time, with a turn of the event loop between
// pages: the pass runs on the worker's thread, and a backlog of 100,000 late notices must not
// hold up the sends (urgent ones first) for as long as reading them all at once takes.
export const CLOCK_PAGE_SIZE = 500;
// And holds the loop for no longer than this at a time.
const SLICE_MS = 20;

interface Candidate {
  submission: {
    id: string;
    platformId: string;
    channel: string;
    status: string;
    createdAt: number;
    submittedAt: number | null;
    acknowledgedAt: number | null;
    overdue: boolean;
    sendEscalatedAt: number | null;
    acknowledgeEscalatedAt: number | null;
    removeEscalatedAt: number | null;
    removeRepeats: number;
    reminders: number;
  };
  request: { id: string; reference: string; category: string; urgent: boolean; withdrawnAt: number | null; closedAt: number | null };
}

// What a pass judges: the notices already overdue (to escalate again, or to clear), and per clock
// the notices whose clock runs, has not escalated yet, and started long enough ago to have run out
// in the shortest window of any case (`bound`). Each set is a seek on a partial index of its own
// (db/schema.ts), walked by (key, rowid) so a notice that stays where it is (its case has a longer
// window) does not hold up the walk. The WHERE repeats each index's condition word for word, which
// is how SQLite knows the index covers the query.
const candidateSets = [
  { index: 'submissions_overdue_idx', key: 's.rowid', where: 's.overdue = 1', bound: 'none' },
  {
    index: 'submissions_send_clock_idx',
    key: 's.created_at',
    where: "s.status IN ('queued', 'sending', 'manual_pending') AND s.send_escalated_at IS NULL",
    bound: 'send',
  },
  {
    index: 'submissions_acknowledge_clock_idx',
    key: 'coalesce(s.submitted_at, s.created_at)',
    where: "s.status = 'submitted' AND s.acknowledged_at IS NULL AND s.acknowledge_escalated_at IS NULL",
    bound: 'acknowledge',
  },
  {
    index: 'submissions_remove_clock_idx',
    key: 'coalesce(s.submitted_at, s.created_at)',
    where: "s.status IN ('submitted', 'acknowledged') AND s.remove_escalated_at IS NULL",
    bound: 'remove',
  },
] as const;

export const CANDIDATE_QUERIES = candidateSets.map(
  (set) => `
  SELECT s.rowid AS row_id, ${set.key} AS page_key, s.id, s.platform_id, s.channel, s.status, s.created_at, s.submitted_at,
         s.acknowledged_at, s.overdue, s.send_escalated_at, s.acknowledge_escalated_at, s.remove_escalated_at,
         s.remove_repeats, s.reminders, r.id AS request_id, r.reference, r.category, r.urgent, r.withdrawn_at, r.closed_at
  FROM submissions s INDEXED BY ${set.index} JOIN requests r ON r.id = s.request_id
  WHERE ${set.where} AND ${set.key} BETWEEN @afterKey AND @until AND (${set.key}, s.rowid) > (@afterKey, @afterRow)
  ORDER BY ${set.key}, s.rowid
  LIMIT @limit`,
);

interface CandidateRow {
  row_id: number;
  page_key: number;
  id: string;
  platform_id: string;
  channel: string;
  status: string;
  created_at: number;
  submitted_at: number | null;
  acknowledged_at: number | null;
  overdue: number;
  send_escalated_at: number | null;
  acknowledge_escalated_at: number | null;
  remove_escalated_at: number | null;
  remove_repeats: number;
  reminders: number;
  request_id: string;
  reference: string;
  category: string;
  urgent: number;
  withdrawn_at: number | null;
  closed_at: number | null;
}

function candidateOf(r: CandidateRow): Candidate {
  return {
    submission: {
      id: r.id,
      platformId: r.platform_id,
      channel: r.channel,
      status: r.status,
      createdAt: r.created_at,
      submittedAt: r.submitted_at,
      acknowledgedAt: r.acknowledged_at,
      overdue: r.overdue === 1,
      sendEscalatedAt: r.send_escalated_at,
      acknowledgeEscalatedAt: r.acknowledge_escalated_at,
      removeEscalatedAt: r.remove_escalated_at,
      removeRepeats: r.remove_repeats,
      reminders: r.reminders,
    },
    request: {
      id: r.request_id,
      reference: r.reference,
      category: r.category,
      urgent: r.urgent === 1,
      withdrawnAt: r.withdrawn_at,
      closedAt: r.closed_at,
    },
  };
}

// One pass of the response clocks. For every clock that ran out and was not escalated yet (and for
// the remove clock, again each time its window passes once more, CLOCK_REMOVE_REPEATS times): an
// `escalated` event, the submission and its request flagged overdue, a reminder to the platform
// when its channel can take one, and an alert to the on-call caseworkers, all in one transaction.
// Submissions whose late stage is behind them lose the flag. Safe to run in several processes:
// each escalation is claimed by a conditional update.
export async function escalateOverdue(options: {
  db: Db;
  registry: PlatformRegistry;
  config: ClockConfig;
  now: number;
  pageSize?: number;
}): Promise<EscalationResult> {
  const { db, now } = options;
  const limit = options.pageSize ?? CLOCK_PAGE_SIZE;
  const shortest = shortestWindows(options.config);
  const untilFor = {
    none: Number.MAX_SAFE_INTEGER,
    send: now - shortest.send,
    acknowledge: now - shortest.acknowledge,
    remove: now - shortest.remove,
  };
  const sqlite = connectionOf(db);
  const result: EscalationResult = { escalated: 0, cleared: 0 };
  // A notice can be in more than one set (overdue, and a later clock ran out): judged once a pass.
  const judged = new Set<string>();
  let sliceStart = performance.now();
  const letGo = async () => {
    await nextTurn();
    sliceStart = performance.now();
  };
  for (const [i, set] of candidateSets.entries()) {
    const page = sqlite.prepare<[{ until: number; afterKey: number; afterRow: number; limit: number }], CandidateRow>(
      CANDIDATE_QUERIES[i]!,
    );
    let after = { afterKey: -Infinity, afterRow: -Infinity };
    for (;;) {
      const rows = page.all({ until: untilFor[set.bound], ...after, limit });
      for (const row of rows) {
        if (judged.has(row.id)) continue;
        judged.add(row.id);
        // Judging writes (escalations take a millisecond or so each): the loop is let go within a page too.
        judge(candidateOf(row), options, result);
        if (performance.now() - sliceStart >= SLICE_MS) await letGo();
      }
      if (rows.length < limit) break;
      const last = rows.at(-1)!;
      after = { afterKey: last.page_key, afterRow: last.row_id };
      await letGo();
    }
  }
  return result;
}

// Escalates (or clears) one notice, each in a transaction of its own.
function judge(
  { submission, request }: Candidate,
  options: { db: Db; registry: PlatformRegistry; config: ClockConfig; now: number },
  result: EscalationResult,
): void {
  const { db, registry, config, now } = options;
  const windows = clockWindows(config, request);
  const live = request.withdrawnAt === null && request.closedAt === null;
  const expired = live ? expiredClocks(submission, windows, now) : [];
  if (expired.length === 0) {
    if (submission.overdue) result.cleared += clearOverdue(db, { submissionId: submission.id, requestId: request.id, now });
    return;
  }
  const fresh: Escalation[] = expired.filter((c) => submission[escalatedColumn[c.clock]] === null);
  // A platform that still has not acted a whole window after the last escalation is nudged again.
  const lastRemoval = submission.removeEscalatedAt;
  const removal = expired.find((c) => c.clock === 'remove');
  const repeatDue =
    removal !== undefined &&
    lastRemoval !== null &&
    submission.removeRepeats < config.CLOCK_REMOVE_REPEATS &&
    lastRemoval + windows.remove <= now;
  if (fresh.length === 0 && !repeatDue && submission.overdue) return;
  const adapter = registry.get(submission.platformId);
  const escalated = db.transaction(
    (tx) => {
      // Claim the escalations; another process that got there first leaves nothing to do.
      const claimed: Escalation[] = [];
      for (const c of fresh) {
        const column = submissions[escalatedColumn[c.clock]];
        const won = tx
          .update(submissions)
          .set({ [escalatedColumn[c.clock]]: now, overdue: true, updatedAt: now })
          .where(and(eq(submissions.id, submission.id), isNull(column), eq(submissions.status, submission.status)))
          .run().changes;
        if (won) claimed.push(c);
      }
      if (repeatDue) {
        const won = tx
          .update(submissions)
          .set({ removeEscalatedAt: now, removeRepeats: submission.removeRepeats + 1, overdue: true, updatedAt: now })
          .where(and(eq(submissions.id, submission.id), eq(submissions.removeEscalatedAt, lastRemoval)))
          .run().changes;
        if (won) claimed.push({ ...removal, repeat: submission.removeRepeats + 1 });
      }
      if (fresh.length === 0) {
        tx.update(submissions).set({ overdue: true, updatedAt: now }).where(eq(submissions.id, submission.id)).run();
      }
      if (claimed.length === 0) {
        refreshRequestStatus(tx, request.id, now);
        return false;
      }
      // The latest stage that ran out is the one worth a reminder: one nudge per pass.
      const worst = claimed.at(-1)!;
      let reminder: number | null = null;
      if (worst.clock !== 'send' && adapter && remindableChannels.has(submission.channel)) {
        reminder = queueReminder(tx, { submission: { ...submission, requestId: request.id }, why: worst.clock, now });
      }
      for (const c of claimed) {
        const detail = [
          c.repeat
            ? `still ${clockWords[c.clock]}, ${formatWindow(now - c.deadline)} past the deadline (${new Date(c.deadline).toISOString()})`
            : `${clockWords[c.clock]} within ${formatWindow(windows[c.clock])} (deadline ${new Date(c.deadline).toISOString()})`,
          c === worst && reminder !== null ? `reminder ${reminder} queued` : null,
          c === worst && reminder === null && c.clock !== 'send' ? 'this channel takes no reminder: follow up by hand' : null,
          'on-call caseworkers alerted',
        ]
          .filter(Boolean)
          .join('; ');
        appendEvent(tx, {
          requestId: request.id,
          submissionId: submission.id,
          platformId: submission.platformId,
          type: 'escalated',
          actor: 'system',
          at: now,
          detail,
        });
        enqueueAlert(tx, {
          dedupeKey: `clock:${submission.id}:${c.clock}${c.repeat ? `:${c.repeat}` : ''}`,
          requestId: request.id,
          submissionId: submission.id,
          now,
          payload: {
            type: 'submission.overdue',
            reference: request.reference,
            category: request.category,
            urgent: request.urgent,
            platform: submission.platformId,
            clock: c.clock,
            deadline: new Date(c.deadline).toISOString(),
            reminder: c === worst ? reminder : null,
            ...(c.repeat ? { repeat: c.repeat } : {}),
            at: new Date(now).toISOString(),
          },
        });
      }
      refreshRequestStatus(tx, request.id, now);
      return true;
    },
    { behavior: 'immediate' },
  );
  if (escalated) result.escalated++;
}

function clearOverdue(db: Db, options: { submissionId: string; requestId: string; now: number }): number {
  return db.transaction(
    (tx) => {
      const changed = tx
        .update(submissions)
        .set({ overdue: false, updatedAt: options.now })
        .where(and(eq(submissions.id, options.submissionId), eq(submissions.overdue, true)))
        .run().changes;
      if (changed) refreshRequestStatus(tx, options.requestId, options.now);
      return changed;
    },
    { behavior: 'immediate' },
  );
}
