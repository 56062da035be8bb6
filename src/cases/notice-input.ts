import { forwardableReporter } from '../../platforms/notice-rules.js';
import type { Category, Locale, NoticeInput, Reporter } from '../../platforms/types.js';
import { connectionOf, type Db } from '../db/client.js';
import type { RequestRow } from '../db/schema.js';
import type { Keyring } from '../privacy/seal.js';
import { openPersonalData } from '../privacy/sealed-columns.js';
import { ownOrRequestUrls } from './submission-urls.js';

/** What of a request goes into its notices. */
export type NoticeRequest = Pick<
  RequestRow,
  'id' | 'reference' | 'category' | 'urgent' | 'minorInvolved' | 'locale' | 'reporterSealed' | 'explanationSealed' | 'createdAt'
>;

// Read for every notice sent, as fixed SQL, for all the notices of one claim at once: each
// request and each submission's own links in one statement (under load a statement costs several
// microseconds however small it is).
export const READ_NOTICE_SOURCES = `
  SELECT j.value ->> 0 AS submissionId, r.id, r.reference, r.category, r.urgent, r.minor_involved AS minorInvolved, r.locale,
         r.reporter_sealed AS reporterSealed, r.explanation_sealed AS explanationSealed, r.created_at AS createdAt,
         (SELECT json_group_array(url ORDER BY position) FROM items WHERE submission_id = j.value ->> 0) AS ownUrls
  FROM json_each(@list) AS j JOIN requests r ON r.id = j.value ->> 1`;

/** What a notice is built from: its request, and the links it names (see cases/submission-urls.ts). */
export interface NoticeSource {
  request: NoticeRequest;
  urls: string[];
}

/** The notice sources of several submissions, by submission id; a submission whose request is gone has none. */
export function readNoticeSources(db: Db, submissions: ReadonlyArray<{ id: string; requestId: string }>): Map<string, NoticeSource> {
  const sources = new Map<string, NoticeSource>();
  if (submissions.length === 0) return sources;
  const rows = connectionOf(db)
    .prepare(READ_NOTICE_SOURCES)
    .all({ list: JSON.stringify(submissions.map((s) => [s.id, s.requestId])) }) as Array<
    Omit<NoticeRequest, 'urgent' | 'minorInvolved'> & { submissionId: string; urgent: number; minorInvolved: number; ownUrls: string }
  >;
  for (const { submissionId, ownUrls, ...request } of rows) {
    sources.set(submissionId, {
      request: { ...request, urgent: request.urgent === 1, minorInvolved: request.minorInvolved === 1 },
      urls: ownOrRequestUrls(db, request.id, JSON.parse(ownUrls) as string[]),
    });
  }
  return sources;
}

type NoticeInputOptions = { request: NoticeRequest; submission: { noticeId: string }; urls: string[] };

// Unseals what one notice needs, and no more: the reporter is reduced to what may be forwarded
// before any adapter sees it.
export function noticeInputFor(options: NoticeInputOptions & { keyring: Keyring }): NoticeInput {
  return noticeInputsFor(options.keyring)(options);
}

/**
 * Builds the inputs of several notices, opening each request's sealed reporter and explanation
 * once however many of its notices are built (a request names two platforms, say, and its two
 * notices are claimed together). Kept for one piece of work, not longer: it holds what it opened.
 */
export function noticeInputsFor(keyring: Keyring): (options: NoticeInputOptions) => NoticeInput {
  const opened = new Map<string, { reporter: Reporter | null; explanation: string }>();
  return ({ request, submission, urls }) => {
    let personal = opened.get(request.id);
    if (!personal) {
      const { reporter, explanation } = openPersonalData(keyring, request);
      personal = { reporter, explanation: explanation ?? '' };
      opened.set(request.id, personal);
    }
    const category = request.category as Category;
    return {
      noticeId: submission.noticeId,
      reference: request.reference,
      category,
      urgent: request.urgent,
      minorInvolved: request.minorInvolved,
      locale: request.locale as Locale,
      urls,
      explanation: personal.explanation,
      reporter: forwardableReporter(category, personal.reporter),
      goodFaith: true,
      submittedAt: new Date(request.createdAt).toISOString(),
    };
  };
}
