import { newRowId } from '../db/new-id.js';
import { and, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { PlatformRegistry } from '../../platforms/registry.js';
import { appendEvent } from '../cases/append-event.js';
import { refreshRequestStatus } from '../cases/derive-request-status.js';
import type { Db } from '../db/client.js';
import { reminders, requests, submissions } from '../db/schema.js';
import { enqueueAlert } from './enqueue-alert.js';
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

// Channels that can take a reminder: the notice went out by a machine, so it can go out again.
const remindable = new Set(['http', 'email', 'api', 'host', 'cloudflare']);

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

// One pass of the response clocks. For every clock that ran out and was not escalated yet (and for
// the remove clock, again each time its window passes once more, CLOCK_REMOVE_REPEATS times): an
// `escalated` event, the submission and its request flagged overdue, a reminder to the platform
// when its channel can take one, and an alert to the on-call caseworkers, all in one transaction.
// Submissions whose late stage is behind them lose the flag. Safe to run in several processes:
// each escalation is claimed by a conditional update.
export function escalateOverdue(options: { db: Db; registry: PlatformRegistry; config: ClockConfig; now: number }): EscalationResult {
  const { db, registry, config, now } = options;
  const shortest = shortestWindows(config);
  const sentAt = sql`coalesce(${submissions.submittedAt}, ${submissions.createdAt})`;
  const candidates = db
    .select({ submission: submissions, request: requests })
    .from(submissions)
    .innerJoin(requests, eq(requests.id, submissions.requestId))
    .where(
      or(
        eq(submissions.overdue, true),
        and(
          inArray(submissions.status, ['queued', 'sending', 'manual_pending']),
          isNull(submissions.sendEscalatedAt),
          sql`${submissions.createdAt} <= ${now - shortest.send}`,
        ),
        and(
          eq(submissions.status, 'submitted'),
          isNull(submissions.acknowledgedAt),
          isNull(submissions.acknowledgeEscalatedAt),
          sql`${sentAt} <= ${now - shortest.acknowledge}`,
        ),
        and(
          inArray(submissions.status, ['submitted', 'acknowledged']),
          isNull(submissions.removeEscalatedAt),
          sql`${sentAt} <= ${now - shortest.remove}`,
        ),
      ),
    )
    .all();

  const result: EscalationResult = { escalated: 0, cleared: 0 };
  for (const { submission, request } of candidates) {
    const windows = clockWindows(config, request);
    const live = request.withdrawnAt === null && request.closedAt === null;
    const expired = live ? expiredClocks(submission, windows, now) : [];
    if (expired.length === 0) {
      if (submission.overdue) result.cleared += clearOverdue(db, { submissionId: submission.id, requestId: request.id, now });
      continue;
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
    if (fresh.length === 0 && !repeatDue && submission.overdue) continue;
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
        if (worst.clock !== 'send' && adapter && remindable.has(submission.channel)) {
          reminder = submission.reminders + 1;
          tx.update(submissions).set({ reminders: reminder }).where(eq(submissions.id, submission.id)).run();
          tx.insert(reminders)
            .values({
              id: newRowId(),
              submissionId: submission.id,
              requestId: request.id,
              n: reminder,
              clock: worst.clock,
              status: 'queued',
              nextAttemptAt: now,
              createdAt: now,
            })
            .onConflictDoNothing()
            .run();
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
  return result;
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
