import { eq, inArray } from 'drizzle-orm';
import { appendEvent } from '../cases/append-event.js';
import { refreshRequestStatus } from '../cases/derive-request-status.js';
import type { DbTx } from '../db/client.js';
import { items, submissions, type SubmissionRow } from '../db/schema.js';

export type Confirmation =
  | { status: 'acknowledged'; detail?: string }
  /** Without `urls`, every link of the notice. */
  | { status: 'removed'; urls?: string[]; detail?: string }
  | { status: 'rejected'; reason?: string };

/** `unchanged`: the confirmation says nothing new (a repeat, or it would move the case back). */
export type ConfirmationResult = 'applied' | 'unchanged' | 'unknown_url';

// Where every confirmation lands, whatever its source (webhook, status poll, caseworker): the
// submission and its items move forward, never back, and the timeline says who said so. A
// confirmation that says nothing new writes nothing, so repeats from polling or a platform's
// retries leave the timeline clean.
export function applyConfirmation(
  tx: DbTx,
  options: { submission: SubmissionRow; confirmation: Confirmation; actor: string; now: number },
): ConfirmationResult {
  const { submission, confirmation, actor, now } = options;
  const event = { requestId: submission.requestId, submissionId: submission.id, platformId: submission.platformId, actor, at: now };
  const final = submission.status === 'removed' || submission.status === 'rejected';
  // The overdue flag is the clock job's alone (confirm/escalate-overdue.ts): it clears it once the
  // late stage is behind the notice, and a finished notice never counts as overdue.
  const moved = { updatedAt: now };

  if (confirmation.status === 'acknowledged') {
    if (final || submission.status === 'acknowledged' || submission.status === 'withdrawn') return 'unchanged';
    if (submission.status === 'sending' && submission.acknowledgedAt !== null) return 'unchanged';
    tx.update(submissions)
      .set({
        ...moved,
        // While a send is in flight the worker records its outcome; the acknowledgement time is kept.
        ...(submission.status === 'sending' ? {} : { status: 'acknowledged' }),
        acknowledgedAt: submission.acknowledgedAt ?? now,
      })
      .where(eq(submissions.id, submission.id))
      .run();
    appendEvent(tx, { ...event, type: 'acknowledged', detail: confirmation.detail ?? null });
  } else if (confirmation.status === 'rejected') {
    if (final) return 'unchanged';
    tx.update(submissions)
      .set({
        ...moved,
        status: 'rejected',
        lastError: confirmation.reason ?? 'rejected by the platform',
        resolvedAt: now,
        nextAttemptAt: null,
      })
      .where(eq(submissions.id, submission.id))
      .run();
    appendEvent(tx, { ...event, type: 'rejected', detail: confirmation.reason ?? null });
  } else {
    const its = tx
      .select({ id: items.id, url: items.url, status: items.status })
      .from(items)
      .where(eq(items.submissionId, submission.id))
      .all();
    const wanted = confirmation.urls;
    const targets = wanted === undefined ? its : its.filter((i) => wanted.some((u) => i.url === u || sameUrl(i.url, u)));
    if (targets.length === 0 || (wanted !== undefined && !wanted.every((u) => its.some((i) => i.url === u || sameUrl(i.url, u))))) {
      return 'unknown_url';
    }
    const fresh = targets.filter((t) => t.status !== 'removed');
    if (fresh.length === 0) return 'unchanged';
    tx.update(items)
      .set({ status: 'removed', updatedAt: now })
      .where(
        inArray(
          items.id,
          fresh.map((t) => t.id),
        ),
      )
      .run();
    const removed = new Set(fresh.map((t) => t.id));
    const allGone = its.every((i) => i.status === 'removed' || removed.has(i.id));
    if (allGone) {
      tx.update(submissions)
        .set({ ...moved, status: 'removed', acknowledgedAt: submission.acknowledgedAt ?? now, resolvedAt: now, nextAttemptAt: null })
        .where(eq(submissions.id, submission.id))
        .run();
    } else if (submission.status === 'submitted') {
      // Some links are down: the platform has the notice. Work not sent yet stays queued, since
      // the other links still need it.
      tx.update(submissions)
        .set({ ...moved, status: 'acknowledged', acknowledgedAt: submission.acknowledgedAt ?? now })
        .where(eq(submissions.id, submission.id))
        .run();
    }
    const what = fresh.length === 1 ? fresh[0]!.url : `${fresh.length} link(s)`;
    appendEvent(tx, { ...event, type: 'removed', detail: [what, confirmation.detail].filter(Boolean).join(': ') });
  }
  refreshRequestStatus(tx, submission.requestId, now);
  return 'applied';
}

function sameUrl(a: string, b: string): boolean {
  try {
    return new URL(a).href === new URL(b).href;
  } catch {
    return false;
  }
}
