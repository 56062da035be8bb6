import { forwardableReporter } from '../../platforms/notice-rules.js';
import type { Category, Locale, NoticeInput, Reporter } from '../../platforms/types.js';
import type { RequestRow } from '../db/schema.js';
import { openJson, type Keyring } from '../privacy/seal.js';
import { explanationContext, reporterContext } from '../privacy/sealed-columns.js';

// Unseals what one notice needs, and no more: the reporter is reduced to what may be forwarded
// before any adapter sees it.
export function noticeInputFor(options: {
  keyring: Keyring;
  request: RequestRow;
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
