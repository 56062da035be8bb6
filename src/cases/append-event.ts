import { connectionOf, type DbTx } from '../db/client.js';
import type { EventType } from './event-types.js';

// Every step that changes a case writes here, in the same transaction as the change: the timeline
// is what the reporter, the caseworker and, later, a court see. Fixed SQL: every notice sent
// writes at least one event, and drizzle building this insert was a measurable share of dispatch.
const INSERT_EVENT = `
  INSERT INTO events (request_id, submission_id, type, platform_id, detail, actor, at)
  VALUES (?, ?, ?, ?, ?, ?, ?)`;

export function appendEvent(
  tx: DbTx,
  event: {
    requestId: string;
    submissionId?: string | null;
    type: EventType;
    platformId?: string | null;
    detail?: string | null;
    actor: string;
    at: number;
  },
): void {
  connectionOf(tx)
    .prepare(INSERT_EVENT)
    .run(event.requestId, event.submissionId ?? null, event.type, event.platformId ?? null, event.detail ?? null, event.actor, event.at);
}
