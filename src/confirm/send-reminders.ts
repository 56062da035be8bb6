import { submissionUrls } from '../cases/submission-urls.js';
import { and, asc, desc, eq, inArray, lte, or, sql } from 'drizzle-orm';
import type { PlatformRegistry } from '../../platforms/registry.js';
import type { FetchLike } from '../../platforms/types.js';
import { appendEvent } from '../cases/append-event.js';
import { noticeInputFor } from '../cases/notice-input.js';
import type { Config } from '../config.js';
import type { Db, DbTx } from '../db/client.js';
import { reminders, requests, submissions, type ReminderRow } from '../db/schema.js';
import { retryDelay } from '../dispatch/backoff.js';
import { failedBeforeSending, sendNotice, type SendResult } from '../dispatch/send-notice.js';
import type { Logger } from '../logger.js';
import type { Keyring } from '../privacy/seal.js';

export interface ReminderDeps {
  db: Db;
  registry: PlatformRegistry;
  keyring: Keyring;
  fetch: FetchLike;
  logger: Logger;
  config: Pick<Config, 'RETRY_BASE_MS' | 'RETRY_MAX_MS' | 'MAX_ATTEMPTS' | 'SEND_TIMEOUT_MS' | 'LEASE_MS'>;
  random?: () => number;
  /**
   * The time of each claim and send: a pass sends one reminder after another, each taking up to
   * SEND_TIMEOUT_MS, and the pass's `now` would give later claims leases already run out. The
   * pass's `now` when absent.
   */
  clock?: () => number;
}

// Reminders of urgent cases first, then the longest due. The due rows come from reminders_due_idx
// and the request by its key; only the due rows are sorted.
const dueSince = sql`CASE WHEN ${reminders.status} = 'queued' THEN ${reminders.nextAttemptAt} ELSE ${reminders.leaseExpiresAt} END`;

export const reminderKey = (noticeId: string, n: number) => `${noticeId}:reminder:${n}`;

// Sends the reminders the clocks queued: the same notice, marked as the n-th reminder, under its
// own idempotency key, so a retried reminder is one reminder and a second reminder is not taken
// for a retry of the first. A reminder is dropped when the notice no longer needs it.
export async function sendDueReminders(deps: ReminderDeps, now: number, signal?: AbortSignal): Promise<number> {
  const { db } = deps;
  const clock = deps.clock ?? (() => now);
  const due = selectDueReminders(db, now)
    .all()
    .map((r) => r.reminder);
  let sent = 0;
  for (const row of due) {
    if (signal?.aborted) break;
    const claimedAt = clock();
    const claimed = db
      .update(reminders)
      .set({ status: 'sending', leaseExpiresAt: claimedAt + deps.config.LEASE_MS, attempts: sql`${reminders.attempts} + 1` })
      .where(and(eq(reminders.id, row.id), eq(reminders.status, row.status), eq(reminders.attempts, row.attempts)))
      .run().changes;
    if (!claimed) continue;
    if (await sendOne(deps, { ...row, attempts: row.attempts + 1 }, clock, signal)) sent++;
  }
  return sent;
}

async function sendOne(deps: ReminderDeps, row: ReminderRow, clock: () => number, signal?: AbortSignal): Promise<boolean> {
  const { db, registry, keyring } = deps;
  let now = clock();
  const submission = db.select().from(submissions).where(eq(submissions.id, row.submissionId)).get();
  const request = db.select().from(requests).where(eq(requests.id, row.requestId)).get();
  const adapter = submission ? registry.get(submission.platformId) : undefined;
  if (!submission || !request || !adapter) {
    finish(db, row, { status: 'failed', now, error: 'the platform is no longer configured' });
    return false;
  }
  if (!['submitted', 'acknowledged'].includes(submission.status) || request.withdrawnAt !== null || request.closedAt !== null) {
    finish(db, row, { status: 'cancelled', now, error: `not needed any more (notice ${submission.status})` });
    return false;
  }
  const urls = submissionUrls(db, submission);
  let result: SendResult;
  try {
    const notice = adapter.buildNotice({ ...noticeInputFor({ keyring, request, submission, urls }), reminder: row.n });
    result = await sendNotice({
      adapter,
      notice,
      noticeId: reminderKey(submission.noticeId, row.n),
      fetch: deps.fetch,
      timeoutMs: deps.config.SEND_TIMEOUT_MS,
      quickRetries: 0,
      quickRetryDelayMs: 0,
      signal: signal ?? new AbortController().signal,
    });
  } catch (err) {
    result = failedBeforeSending((err as Error).message, { retryable: false });
  }
  // What the send came to is recorded at the time it came back.
  now = clock();
  const outcome = result.outcome;
  if (outcome.kind === 'error' && signal?.aborted) {
    // Stopped mid-send: the reminder goes back as it was, due at once, and this try is not counted.
    db.update(reminders)
      .set({ status: 'queued', attempts: row.attempts - 1, nextAttemptAt: now, leaseExpiresAt: null })
      .where(eq(reminders.id, row.id))
      .run();
    return false;
  }
  const event = { requestId: row.requestId, submissionId: submission.id, platformId: submission.platformId, actor: 'system', at: now };
  if (outcome.kind === 'accepted') {
    db.transaction(
      (tx) => {
        finish(tx, row, { status: 'sent', now });
        appendEvent(tx, { ...event, type: 'reminded', detail: `reminder ${row.n} sent to ${adapter.name}` });
      },
      { behavior: 'immediate' },
    );
    deps.logger.info({ submissionId: submission.id, platform: submission.platformId, reminder: row.n }, 'reminder sent');
    return true;
  }
  // A reminder that only a person can send (no route found, an API not configured) is not retried.
  const error = outcome.kind === 'rejected' || outcome.kind === 'manual' ? outcome.reason : outcome.error.message;
  const retryable = outcome.kind === 'error' && outcome.error.retryable && row.attempts < deps.config.MAX_ATTEMPTS;
  if (retryable) {
    const delay = retryDelay({
      attempts: row.attempts,
      baseMs: deps.config.RETRY_BASE_MS,
      maxMs: deps.config.RETRY_MAX_MS,
      retryAfterMs: outcome.error.retryAfterMs,
      random: deps.random,
    });
    db.update(reminders)
      .set({ status: 'queued', nextAttemptAt: now + delay, leaseExpiresAt: null, lastError: error })
      .where(eq(reminders.id, row.id))
      .run();
    return false;
  }
  db.transaction(
    (tx) => {
      finish(tx, row, { status: 'failed', now, error });
      appendEvent(tx, { ...event, type: 'reminder_failed', detail: `reminder ${row.n} to ${adapter.name} could not be sent: ${error}` });
    },
    { behavior: 'immediate' },
  );
  deps.logger.warn({ submissionId: submission.id, platform: submission.platformId, reminder: row.n }, 'reminder failed');
  return false;
}

function finish(db: DbTx, row: ReminderRow, options: { status: 'sent' | 'failed' | 'cancelled'; now: number; error?: string }): void {
  db.update(reminders)
    .set({
      status: options.status,
      leaseExpiresAt: null,
      nextAttemptAt: null,
      sentAt: options.status === 'sent' ? options.now : null,
      lastError: options.error ?? null,
    })
    .where(and(eq(reminders.id, row.id), inArray(reminders.status, ['sending'])))
    .run();
}

// Exported for the test of its query plan.
export function selectDueReminders(db: Db, now: number) {
  return db
    .select({ reminder: reminders })
    .from(reminders)
    .leftJoin(requests, eq(requests.id, reminders.requestId))
    .where(
      or(
        and(eq(reminders.status, 'queued'), lte(reminders.nextAttemptAt, now)),
        and(eq(reminders.status, 'sending'), lte(reminders.leaseExpiresAt, now)),
      ),
    )
    .orderBy(desc(sql`coalesce(${requests.urgent}, 0)`), asc(dueSince))
    .limit(50);
}
