import { forwardableReporter } from '../../platforms/notice-rules.js';
import type { Category, Locale, NoticeInput, Reporter } from '../../platforms/types.js';
import { connectionOf, type Db } from '../db/client.js';
import type { RequestRow } from '../db/schema.js';
import { openJson, type Keyring } from '../privacy/seal.js';
import { explanationContext, reporterContext } from '../privacy/sealed-columns.js';

/** What of a request goes into its notices. */
export type NoticeRequest = Pick<
  RequestRow,
  'id' | 'reference' | 'category' | 'urgent' | 'minorInvolved' | 'locale' | 'reporterSealed' | 'explanationSealed' | 'createdAt'
>;

// Read for every notice sent, as fixed SQL (see readNoticeRequest).
const READ_NOTICE_REQUEST = `
  SELECT id, reference, category, urgent, minor_involved AS minorInvolved, locale,
         reporter_sealed AS reporterSealed, explanation_sealed AS explanationSealed, created_at AS createdAt
  FROM requests WHERE id = ?`;

export function readNoticeRequest(db: Db, requestId: string): NoticeRequest | undefined {
  const row = connectionOf(db).prepare(READ_NOTICE_REQUEST).get(requestId) as
    (Omit<NoticeRequest, 'urgent' | 'minorInvolved'> & { urgent: number; minorInvolved: number }) | undefined;
  return row && { ...row, urgent: row.urgent === 1, minorInvolved: row.minorInvolved === 1 };
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
