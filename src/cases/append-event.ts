import type { DbTx } from '../db/client.js';
import { events } from '../db/schema.js';
import type { EventType } from './event-types.js';

// Every step that changes a case writes here, in the same transaction as the change: the timeline
// is what the reporter, the caseworker and, later, a court see.
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
  tx.insert(events)
    .values({
      requestId: event.requestId,
      submissionId: event.submissionId ?? null,
      type: event.type,
      platformId: event.platformId ?? null,
      detail: event.detail ?? null,
      actor: event.actor,
      at: event.at,
    })
    .run();
}
