import { and, eq } from 'drizzle-orm';
import type { DbTx } from '../../db/client.js';
import { requests, submissions } from '../../db/schema.js';

// Actions address a submission by id within its case, so an id from another case changes nothing.
export function submissionOfCase(tx: DbTx, options: { requestId: string; submissionId: string }) {
  return tx
    .select()
    .from(submissions)
    .where(and(eq(submissions.id, options.submissionId), eq(submissions.requestId, options.requestId)))
    .get();
}

export function caseRow(tx: DbTx, requestId: string) {
  return tx.select().from(requests).where(eq(requests.id, requestId)).get();
}

export type ActionOutcome = 'done' | 'not_found' | 'not_allowed_now';
