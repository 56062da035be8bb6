import { asc, eq } from 'drizzle-orm';
import { hashMatchingProgrammes, type HashMatchingProgramme } from '../../platforms/hash-matching.js';
import type { PlatformRegistry } from '../../platforms/registry.js';
import type { Category, ManualTask } from '../../platforms/types.js';
import type { Db } from '../db/client.js';
import { events, items, requests, submissions, type RequestRow } from '../db/schema.js';
import { contractEventTypes, type ContractEventType } from './event-types.js';
import type { Keyring } from '../privacy/seal.js';
import { isOverdue } from './derive-request-status.js';
import { noticeInputsFor } from './notice-input.js';
import { refusalReason } from './refusal-reason.js';
import { eventSource, type EventSource } from './event-source.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export interface CaseView {
  reference: string;
  category: string;
  urgent: boolean;
  status: string;
  createdAt: string;
  updatedAt: string;
  items: Array<{ url: string; platform: string; status: string }>;
  submissions: Array<{
    id: string;
    platform: string;
    platformName: string;
    channel: string;
    status: string;
    attempts: number;
    ticketId: string | null;
    /** How the last attempt went, for caseworkers: may be an HTTP status, a response body, an SMTP reply. */
    lastError: string | null;
    /** Why the platform refused, in its own words, when it gave a reason a person can read (refusal-reason.ts). */
    refusalReason: string | null;
    nextAttemptAt: string | null;
    submittedAt: string | null;
    acknowledgedAt: string | null;
    resolvedAt: string | null;
    /** A response clock of this notice ran out and it is not over yet (confirm/response-clocks.ts). */
    overdue: boolean;
    urls: string[];
    /** For web-form platforms: the prepared text and form, so the reporter can act at once. */
    manualTask?: ManualTask;
  }>;
  /**
   * `type` is one the contract names; `kind` is the service's own, finer word for the event (the
   * same as `type` for the contract's, 'purged' or 'renotified' where `type` says 'note').
   */
  events: Array<{ at: string; type: ContractEventType; kind: string; platform: string | null; detail: string | null; by: EventSource }>;
  /**
   * On-device hash-matching programmes the person can use themselves (intimate-image cases):
   * StopNCII.org for images taken as an adult, Take It Down for images taken under 18.
   */
  hashMatching: HashMatchingProgramme[];
}

const inContract: ReadonlySet<string> = new Set(contractEventTypes);
const contractType = (type: string): ContractEventType => (inContract.has(type) ? (type as ContractEventType) : 'note');

// What the status page, the API and the dashboard read: the whole case at one point in time.
// Caseworkers' own notes and review flags are for the hotline's staff; the person who filed the
// case, or the organisation that did, sees everything else (including the system's notes).
export type CaseAudience = 'reporter' | 'staff';
const staffOnly = (e: { type: string; actor: string }) => e.type === 'flagged' || (e.type === 'note' && e.actor.startsWith('account:'));

export function loadCaseView(
  deps: { db: Db; registry: PlatformRegistry; keyring: Keyring },
  request: RequestRow,
  options: { audience?: CaseAudience } = {},
): CaseView {
  const { db, registry, keyring } = deps;
  const audience = options.audience ?? 'reporter';
  return db.transaction((tx) => {
    const subs = tx
      .select()
      .from(submissions)
      .where(eq(submissions.requestId, request.id))
      .orderBy(asc(submissions.createdAt), asc(submissions.id))
      .all();
    const its = tx.select().from(items).where(eq(items.requestId, request.id)).orderBy(asc(items.position)).all();
    const evs = tx.select().from(events).where(eq(events.requestId, request.id)).orderBy(asc(events.id)).all();
    const fresh = tx.select().from(requests).where(eq(requests.id, request.id)).get() ?? request;
    // Each manual task's notice is built from the same sealed data, opened once for all of them.
    const noticeInput = noticeInputsFor(keyring);
    const urlsBySubmission = new Map<string, string[]>();
    for (const i of its) urlsBySubmission.set(i.submissionId, [...(urlsBySubmission.get(i.submissionId) ?? []), i.url]);
    // A submission without links of its own (the hotline) covers every link of the request.
    const allUrls = [...new Set(its.map((i) => i.url))];
    // Submissions come out in the order their platforms first appear among the links; request-wide ones last.
    const order = new Map(its.map((i, n) => [i.submissionId, n] as const).reverse());
    subs.sort((a, b) => (order.get(a.id) ?? Number.MAX_SAFE_INTEGER) - (order.get(b.id) ?? Number.MAX_SAFE_INTEGER));
    return {
      reference: fresh.reference,
      category: fresh.category,
      urgent: fresh.urgent,
      status: fresh.status,
      createdAt: iso(fresh.createdAt)!,
      updatedAt: iso(fresh.updatedAt)!,
      items: its.map((i) => ({ url: i.url, platform: i.platformId, status: i.status })),
      submissions: subs.map((s) => {
        const adapter = registry.get(s.platformId);
        const urls = urlsBySubmission.get(s.id) ?? allUrls;
        const view: CaseView['submissions'][number] = {
          id: s.id,
          platform: s.platformId,
          platformName: adapter?.name ?? s.platformId,
          channel: s.channel,
          status: s.status,
          attempts: s.attempts,
          ticketId: s.ticketId,
          lastError: s.lastError,
          refusalReason: s.status === 'rejected' ? refusalReason(evs.filter((e) => e.submissionId === s.id)) : null,
          nextAttemptAt: s.status === 'queued' ? iso(s.nextAttemptAt) : null,
          submittedAt: iso(s.submittedAt),
          acknowledgedAt: iso(s.acknowledgedAt),
          resolvedAt: iso(s.resolvedAt),
          overdue: isOverdue(s),
          urls,
        };
        if (s.status === 'manual_pending' && adapter?.manualTask && fresh.personalDataPurgedAt === null) {
          view.manualTask = adapter.manualTask(adapter.buildNotice(noticeInput({ request: fresh, submission: s, urls })));
        }
        return view;
      }),
      events: evs
        .filter((e) => audience === 'staff' || !staffOnly(e))
        .map((e) => ({
          at: iso(e.at)!,
          type: contractType(e.type),
          kind: e.type,
          platform: e.platformId,
          detail: e.detail,
          by: eventSource(e.actor),
        })),
      hashMatching: hashMatchingProgrammes({ category: fresh.category as Category, minorInvolved: fresh.minorInvolved }),
    };
  });
}

export function findRequestByReference(db: Db, reference: string): RequestRow | undefined {
  return db.select().from(requests).where(eq(requests.reference, reference)).get();
}
