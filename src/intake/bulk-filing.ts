import type { Account } from '../accounts/api-keys.js';
import type { FieldError } from '../api/problem.js';
import { parseLinks, type ParsedLinks } from './bulk-links.js';
import type { BulkFilingInput } from './bulk-schema.js';
import { isUrgent, MAX_URLS_WITH_KEY, reportedUrlSchema, type CreateRequestInput } from './request-schema.js';

// Turns an organisation's filing (a list and/or pasted text) into one ordinary request. Invalid
// links are reported, never skipped: a filing is stored whole or not at all.
export function collectLinks(input: Pick<BulkFilingInput, 'urls' | 'links'>): ParsedLinks {
  const seen = new Set<string>();
  const urls: string[] = [];
  const invalid: ParsedLinks['invalid'] = [];
  let duplicates = 0;
  const take = (url: string) => {
    if (seen.has(url)) duplicates++;
    else {
      seen.add(url);
      urls.push(url);
    }
  };
  (input.urls ?? []).forEach((raw, index) => {
    const parsed = reportedUrlSchema.safeParse(raw);
    if (parsed.success) take(parsed.data);
    else invalid.push({ line: index + 1, text: raw.slice(0, 200), message: parsed.error.issues[0]?.message ?? 'is not a valid link' });
  });
  if (input.links !== undefined) {
    const fromText = parseLinks(input.links);
    duplicates += fromText.duplicates;
    invalid.push(...fromText.invalid);
    fromText.urls.forEach(take);
  }
  return { urls, invalid, duplicates };
}

export function filingProblems(links: ParsedLinks): FieldError[] {
  const errors: FieldError[] = links.invalid.map((i) => ({ path: `/links/line/${i.line}`, message: `${i.text}: ${i.message}` }));
  if (links.urls.length === 0 && errors.length === 0) errors.push({ path: '/links', message: 'no links found: paste one link per line' });
  if (links.urls.length > MAX_URLS_WITH_KEY)
    errors.push({ path: '/links', message: `at most ${MAX_URLS_WITH_KEY} links in one filing (${links.urls.length} given)` });
  return errors;
}

export function toRequestInput(account: Account, input: BulkFilingInput, urls: string[]): CreateRequestInput {
  return {
    category: input.category,
    urgent: input.urgent,
    minorInvolved: input.minorInvolved,
    urls,
    explanation: input.explanation,
    // The organisation is the notifier unless it names someone else.
    reporter: input.reporter ?? { role: 'organisation', name: account.name },
    locale: input.locale,
    goodFaith: input.goodFaith,
  };
}

export function filingIsUrgent(input: BulkFilingInput): boolean {
  return isUrgent(input);
}
