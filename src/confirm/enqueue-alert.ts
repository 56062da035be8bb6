import { newRowId } from '../db/new-id.js';
import type { DbTx } from '../db/client.js';
import { alerts } from '../db/schema.js';

// What the on-call caseworkers receive, by signed webhook and/or e-mail. It points to the case and
// says why; it never carries the reporter's details, the explanation or the reported links, which
// an alert channel (a chat room, a mailbox) has no business holding.
export type AlertPayload =
  | {
      type: 'request.urgent';
      reference: string;
      category: string;
      platforms: string[];
      at: string;
    }
  | {
      type: 'submission.overdue';
      reference: string;
      category: string;
      urgent: boolean;
      platform: string;
      clock: 'send' | 'acknowledge' | 'remove';
      deadline: string;
      reminder: number | null;
      /** Set when the remove clock escalates again: how many times so far. */
      repeat?: number;
      at: string;
    };

// Written in the caller's transaction, next to what caused it, so an alert exists exactly when its
// cause does. The dedupe key makes a second enqueue of the same cause a no-op.
export function enqueueAlert(
  tx: DbTx,
  options: { dedupeKey: string; requestId: string; submissionId?: string | null; payload: AlertPayload; now: number },
): void {
  tx.insert(alerts)
    .values({
      id: newRowId(),
      dedupeKey: options.dedupeKey,
      kind: options.payload.type,
      requestId: options.requestId,
      submissionId: options.submissionId ?? null,
      payload: JSON.stringify(options.payload),
      status: 'pending',
      nextAttemptAt: options.now,
      createdAt: options.now,
    })
    .onConflictDoNothing({ target: alerts.dedupeKey })
    .run();
}

export function alertText(payload: AlertPayload): { subject: string; text: string } {
  if (payload.type === 'request.urgent') {
    return {
      subject: `[urgent] New urgent case ${payload.reference} (${payload.category})`,
      text: [
        `An urgent case was filed: ${payload.reference}.`,
        `Category: ${payload.category}`,
        `Platforms: ${payload.platforms.join(', ') || 'none'}`,
        `Filed at: ${payload.at}`,
        '',
        'Open the case in the dashboard and check that every notice goes out.',
      ].join('\n'),
    };
  }
  const what = { send: 'was not sent', acknowledge: 'was not acknowledged', remove: 'was not acted on' }[payload.clock];
  const urgent = payload.urgent ? ', urgent' : '';
  const subject = payload.repeat
    ? `[overdue${urgent}] ${payload.reference}: ${payload.platform} still has not acted (escalation ${payload.repeat + 1})`
    : `[overdue${urgent}] ${payload.reference}: notice to ${payload.platform} ${what} in time`;
  return {
    subject,
    text: [
      `The notice of case ${payload.reference} to ${payload.platform} ${what} by ${payload.deadline}${payload.repeat ? ', and still is not' : ''}.`,
      `Category: ${payload.category}${payload.urgent ? ' (urgent)' : ''}`,
      payload.reminder === null
        ? 'No reminder can be sent through this channel: follow up by hand.'
        : `Reminder ${payload.reminder} was queued.`,
      `Escalated at: ${payload.at}`,
    ].join('\n'),
  };
}
