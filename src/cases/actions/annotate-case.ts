import type { Db } from '../../db/client.js';
import { requests } from '../../db/schema.js';
import { appendEvent } from '../append-event.js';
import { caseRow, submissionOfCase, type ActionOutcome } from './load-for-action.js';
import { eq } from 'drizzle-orm';

// A note, or an escalation (to the platform's escalation channel, a regulator, the police): both
// are entries on the timeline with who wrote them; an escalation can name one submission.
export function annotateCase(
  db: Db,
  options: { requestId: string; type: 'note' | 'escalated'; text: string; submissionId?: string; actor: string; now: number },
): ActionOutcome {
  return db.transaction(
    (tx) => {
      const request = caseRow(tx, options.requestId);
      if (!request) return 'not_found';
      const submission = options.submissionId ? submissionOfCase(tx, { requestId: request.id, submissionId: options.submissionId }) : null;
      if (options.submissionId && !submission) return 'not_found';
      appendEvent(tx, {
        requestId: request.id,
        submissionId: submission?.id ?? null,
        platformId: submission?.platformId ?? null,
        type: options.type,
        actor: options.actor,
        at: options.now,
        detail: options.text,
      });
      tx.update(requests).set({ updatedAt: options.now }).where(eq(requests.id, request.id)).run();
      return 'done';
    },
    { behavior: 'immediate' },
  );
}
