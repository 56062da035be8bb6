import { asc, eq } from 'drizzle-orm';
import { auditOfCase } from '../../accounts/audit.js';
import type { AppDeps } from '../../app-deps.js';
import { loadCaseView, type CaseView } from '../../cases/case-view.js';
import { noticeInputsFor } from '../../cases/notice-input.js';
import { readContact, type CaseContact } from '../../cases/read-contact.js';
import { accounts, events, submissions, type EventRow, type RequestRow } from '../../db/schema.js';

export interface SubmissionDetail {
  id: string;
  /** The notice as the platform got it (or will): the prepared text for forms and e-mail, the JSON body for APIs. */
  noticeText: string | null;
  formUrl: string | null;
  checklist: string[];
  events: EventRow[];
}

export interface DashboardCase {
  request: RequestRow;
  view: CaseView;
  contact: CaseContact;
  ownerName: string | null;
  details: Map<string, SubmissionDetail>;
  caseEvents: EventRow[];
  views: ReturnType<typeof auditOfCase>;
}

// Everything the case page shows. Reading it unseals the contact details, so it is logged.
export function loadDashboardCase(deps: AppDeps, options: { request: RequestRow; actor: string }): DashboardCase {
  const { request } = options;
  const { db } = deps.database;
  const now = deps.clock.now();
  const contact = readContact({ db, keyring: deps.keyring }, { request, actor: options.actor, now });
  const view = loadCaseView({ db, registry: deps.registry, keyring: deps.keyring }, request, { audience: 'staff' });
  const subs = db.select().from(submissions).where(eq(submissions.requestId, request.id)).all();
  const evs = db.select().from(events).where(eq(events.requestId, request.id)).orderBy(asc(events.id)).all();
  const details = new Map<string, SubmissionDetail>();
  // Every notice of the case is built from the same sealed data, opened once for all of them.
  const noticeInput = noticeInputsFor(deps.keyring);
  for (const s of subs) {
    const adapter = deps.registry.get(s.platformId);
    // The links as the case view resolved them: a request-wide notice (the hotline) covers all of them.
    const urls = view.submissions.find((v) => v.id === s.id)?.urls ?? [];
    let noticeText: string | null = null;
    let formUrl: string | null = null;
    let checklist: string[] = [];
    if (adapter && request.personalDataPurgedAt === null) {
      const notice = adapter.buildNotice(noticeInput({ request, submission: s, urls }));
      const task = adapter.manualTask?.(notice);
      noticeText = task ? task.text : JSON.stringify(notice, null, 2);
      formUrl = task?.formUrl ?? null;
      checklist = task?.checklist ?? [];
    }
    details.set(s.id, { id: s.id, noticeText, formUrl, checklist, events: evs.filter((e) => e.submissionId === s.id) });
  }
  const owner = request.accountId
    ? db.select({ name: accounts.name }).from(accounts).where(eq(accounts.id, request.accountId)).get()
    : null;
  return {
    request,
    view,
    contact,
    ownerName: owner?.name ?? null,
    details,
    caseEvents: evs.filter((e) => e.submissionId === null),
    views: auditOfCase(db, request.id),
  };
}
