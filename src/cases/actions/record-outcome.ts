import { applyConfirmation, type Confirmation } from '../../confirm/apply-confirmation.js';
import type { Db } from '../../db/client.js';
import { submissionOfCase, type ActionOutcome } from './load-for-action.js';

// What a platform answered by other means (a phone call, an e-mail to the hotline, a check by
// hand), recorded by a caseworker through the same path as every other confirmation.
export function recordOutcome(
  db: Db,
  options: { requestId: string; submissionId: string; confirmation: Confirmation; actor: string; now: number },
): ActionOutcome | 'unknown_url' {
  return db.transaction(
    (tx) => {
      const submission = submissionOfCase(tx, options);
      if (!submission) return 'not_found';
      if (submission.status === 'withdrawn' || submission.status === 'manual_pending' || submission.status === 'queued')
        return 'not_allowed_now';
      const applied = applyConfirmation(tx, { submission, confirmation: options.confirmation, actor: options.actor, now: options.now });
      return applied === 'applied' ? 'done' : applied;
    },
    { behavior: 'immediate' },
  );
}
