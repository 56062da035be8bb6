import { and, eq } from 'drizzle-orm';
import { appendEvent } from '../cases/append-event.js';
import { refreshRequestStatus } from '../cases/derive-request-status.js';
import type { DbTx } from '../db/client.js';
import { items, submissions, type SubmissionRow } from '../db/schema.js';

export type Confirmation =
  | { status: 'acknowledged'; detail?: string }
  | { status: 'removed'; url?: string; detail?: string }
  | { status: 'rejected'; reason?: string };

export type ConfirmationResult = 'applied' | 'unknown_url';

// Where every confirmation lands, whatever its source (webhook, status poll, caseworker): the
// submission and its items move forward, never back, and the timeline says who said so.
export function applyConfirmation(
  tx: DbTx,
  options: { submission: SubmissionRow; confirmation: Confirmation; actor: string; now: number },
): ConfirmationResult {
  const { submission, confirmation, actor, now } = options;
  const event = { requestId: submission.requestId, submissionId: submission.id, platformId: submission.platformId, actor, at: now };
  const done = submission.status === 'removed' || submission.status === 'rejected';

  if (confirmation.status === 'acknowledged') {
    if (!done && submission.status !== 'acknowledged') {
      tx.update(submissions)
        .set({ status: 'acknowledged', acknowledgedAt: submission.acknowledgedAt ?? now, updatedAt: now })
        .where(eq(submissions.id, submission.id))
        .run();
    }
    appendEvent(tx, { ...event, type: 'acknowledged', detail: confirmation.detail ?? null });
  } else if (confirmation.status === 'rejected') {
    tx.update(submissions)
      .set({ status: 'rejected', lastError: confirmation.reason ?? 'rejected by the platform', resolvedAt: now, updatedAt: now })
      .where(eq(submissions.id, submission.id))
      .run();
    appendEvent(tx, { ...event, type: 'rejected', detail: confirmation.reason ?? null });
  } else {
    const its = tx
      .select({ id: items.id, url: items.url, status: items.status })
      .from(items)
      .where(eq(items.submissionId, submission.id))
      .all();
    const targets =
      confirmation.url === undefined ? its : its.filter((i) => i.url === confirmation.url || sameUrl(i.url, confirmation.url!));
    if (targets.length === 0) return 'unknown_url';
    for (const t of targets)
      tx.update(items)
        .set({ status: 'removed', updatedAt: now })
        .where(and(eq(items.id, t.id)))
        .run();
    const removed = new Set(targets.map((t) => t.id));
    const allGone = its.every((i) => i.status === 'removed' || removed.has(i.id));
    tx.update(submissions)
      .set(
        allGone
          ? { status: 'removed', acknowledgedAt: submission.acknowledgedAt ?? now, resolvedAt: now, updatedAt: now }
          : { status: done ? submission.status : 'acknowledged', acknowledgedAt: submission.acknowledgedAt ?? now, updatedAt: now },
      )
      .where(eq(submissions.id, submission.id))
      .run();
    const what = confirmation.url === undefined ? `${targets.length} link(s)` : confirmation.url;
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
