import { submissionUrls } from './submission-urls.js';
import { asc, eq } from 'drizzle-orm';
import type { PlatformRegistry } from '../../platforms/registry.js';
import { recordAudit } from '../accounts/audit.js';
import type { Db } from '../db/client.js';
import { events, items, submissions, type RequestRow } from '../db/schema.js';
import type { Keyring } from '../privacy/seal.js';
import { noticeInputsFor } from './notice-input.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export interface EvidenceRecord {
  generatedAt: string;
  case: { reference: string; category: string; urgent: boolean; status: string; createdAt: string; closedAt: string | null };
  links: Array<{ url: string; platform: string; status: string }>;
  notices: Array<{
    platform: string;
    platformName: string;
    channel: string;
    noticeId: string;
    status: string;
    attempts: number;
    ticketId: string | null;
    submittedAt: string | null;
    acknowledgedAt: string | null;
    resolvedAt: string | null;
    /** The notice as the platform received it (rebuilt by the same pure function that sent it). */
    notice: unknown;
    /** Every attempt, answer and confirmation for this notice, oldest first. */
    timeline: Array<{ at: string; type: string; by: string; detail: string | null }>;
  }>;
  caseTimeline: Array<{ at: string; type: string; by: string; detail: string | null }>;
}

// What the platforms were told and when, and what they answered: the record police or a court
// needs to show a platform knew. Links and text only; the service never holds images.
export function buildEvidence(
  deps: { db: Db; registry: PlatformRegistry; keyring: Keyring },
  options: { request: RequestRow; actor: string; now: number },
): EvidenceRecord {
  const { db, registry, keyring } = deps;
  const { request } = options;
  const record = db.transaction((tx) => {
    const subs = tx.select().from(submissions).where(eq(submissions.requestId, request.id)).orderBy(asc(submissions.createdAt)).all();
    const its = tx.select().from(items).where(eq(items.requestId, request.id)).orderBy(asc(items.position)).all();
    const evs = tx.select().from(events).where(eq(events.requestId, request.id)).orderBy(asc(events.id)).all();
    const entry = (e: (typeof evs)[number]) => ({ at: iso(e.at)!, type: e.type, by: e.actor, detail: e.detail });
    // Every notice of the case is built from the same sealed data, opened once for all of them.
    const noticeInput = noticeInputsFor(keyring);
    return {
      generatedAt: iso(options.now)!,
      case: {
        reference: request.reference,
        category: request.category,
        urgent: request.urgent,
        status: request.status,
        createdAt: iso(request.createdAt)!,
        closedAt: iso(request.closedAt),
      },
      links: its.map((i) => ({ url: i.url, platform: i.platformId, status: i.status })),
      notices: subs.map((s) => {
        const adapter = registry.get(s.platformId);
        const urls = submissionUrls(tx, s);
        const notice =
          adapter && request.personalDataPurgedAt === null
            ? adapter.buildNotice(noticeInput({ request, submission: s, urls }))
            : { urls, note: 'personal data purged: the explanation and contact details are no longer held' };
        return {
          platform: s.platformId,
          platformName: adapter?.name ?? s.platformId,
          channel: s.channel,
          noticeId: s.noticeId,
          status: s.status,
          attempts: s.attempts,
          ticketId: s.ticketId,
          submittedAt: iso(s.submittedAt),
          acknowledgedAt: iso(s.acknowledgedAt),
          resolvedAt: iso(s.resolvedAt),
          notice,
          timeline: evs.filter((e) => e.submissionId === s.id).map(entry),
        };
      }),
      caseTimeline: evs.filter((e) => e.submissionId === null).map(entry),
    };
  });
  recordAudit(db, { actor: options.actor, action: 'evidence_exported', at: options.now, requestId: request.id });
  return record;
}
