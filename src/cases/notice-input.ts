import { forwardableReporter } from '../../platforms/notice-rules.js';
import type { Category, Locale, NoticeInput, Reporter } from '../../platforms/types.js';
import { connectionOf, type Db } from '../db/client.js';
import type { RequestRow } from '../db/schema.js';
import { openJson, type Keyring } from '../privacy/seal.js';
import { explanationContext, reporterContext } from '../privacy/sealed-columns.js';
import { ownOrRequestUrls } from './submission-urls.js';

/** What of a request goes into its notices. */
export type NoticeRequest = Pick<
  RequestRow,
  'id' | 'reference' | 'category' | 'urgent' | 'minorInvolved' | 'locale' | 'reporterSealed' | 'explanationSealed' | 'createdAt'
>;

// Read for every notice sent, as fixed SQL: the request and the submission's own links in one
// statement (under load a statement costs several microseconds however small it is).
const READ_NOTICE_SOURCE = `
  SELECT id, reference, category, urgent, minor_involved AS minorInvolved, locale,
         reporter_sealed AS reporterSealed, explanation_sealed AS explanationSealed, created_at AS createdAt,
         (SELECT json_group_array(url ORDER BY position) FROM items WHERE submission_id = @submissionId) AS ownUrls
  FROM requests WHERE id = @requestId`;

/** The request a notice is built from, and the links it names (see cases/submission-urls.ts). */
export function readNoticeSource(
  db: Db,
  submission: { id: string; requestId: string },
): { request: NoticeRequest; urls: string[] } | undefined {
  const row = connectionOf(db).prepare(READ_NOTICE_SOURCE).get({ submissionId: submission.id, requestId: submission.requestId }) as
    (Omit<NoticeRequest, 'urgent' | 'minorInvolved'> & { urgent: number; minorInvolved: number; ownUrls: string }) | undefined;
  if (!row) return undefined;
  const { ownUrls, ...request } = row;
  return {
    request: { ...request, urgent: request.urgent === 1, minorInvolved: request.minorInvolved === 1 },
    urls: ownOrRequestUrls(db, submission.requestId, JSON.parse(ownUrls) as string[]),
  };
}

// Unseals what one notice needs, and no more: the reporter is reduced to what may be forwarded
// before any adapter sees it.
export function noticeInputFor(options: {
  keyring: Keyring;
  request: NoticeRequest;
  submission: { noticeId: string };
  urls: string[];
}): NoticeInput {
  const { keyring, request } = options;
  const category = request.category as Category;
  const reporter = request.reporterSealed ? openJson<Reporter>(keyring, reporterContext(request.id), request.reporterSealed) : null;
  const explanation = request.explanationSealed ? openJson<string>(keyring, explanationContext(request.id), request.explanationSealed) : '';
  return {
    noticeId: options.submission.noticeId,
    reference: request.reference,
    category,
    urgent: request.urgent,
    minorInvolved: request.minorInvolved,
    locale: request.locale as Locale,
    urls: options.urls,
    explanation,
    reporter: forwardableReporter(category, reporter),
    goodFaith: true,
    submittedAt: new Date(request.createdAt).toISOString(),
  };
}
