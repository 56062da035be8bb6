import { getDomain } from 'tldts';
import { z } from 'zod';
import { categories, locales, reporterRoles } from '../../platforms/types.js';

// The body of POST /api/v1/requests (shared/CONTRACT.md). The same schema serves the form.

export const MAX_URLS_ANONYMOUS = 200;
export const MAX_URLS_WITH_KEY = 1000;
export const MAX_URL_LENGTH = 2048;
export const MAX_EXPLANATION = 4000;

// C0 controls other than tab and line breaks have no place in a description and confuse
// downstream systems (NUL truncates strings in C libraries, e-mail headers, SQLite's text APIs).
const noControlChars = (s: string) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s);

export const reportedUrlSchema = z
  .string({ error: 'must be a URL as text' })
  .trim()
  .min(1, 'must not be empty')
  .max(MAX_URL_LENGTH, `must be at most ${MAX_URL_LENGTH} characters`)
  .transform((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'is not a valid URL (it should start with https://)' });
      return z.NEVER;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      ctx.addIssue({ code: 'custom', message: 'only http and https links can be reported' });
      return z.NEVER;
    }
    if (url.username || url.password) {
      ctx.addIssue({ code: 'custom', message: 'must not contain a user name or password' });
      return z.NEVER;
    }
    const hostProblem = problemWithHost(url.hostname);
    if (hostProblem) {
      ctx.addIssue({ code: 'custom', message: `has no valid host name (${hostProblem})` });
      return z.NEVER;
    }
    if (url.href.length > MAX_URL_LENGTH) {
      ctx.addIssue({ code: 'custom', message: `must be at most ${MAX_URL_LENGTH} characters` });
      return z.NEVER;
    }
    return url.href;
  });

// URL() accepts host names no site can have ('.', 'a..b', '-x.com') and bare suffixes ('com',
// 'co.uk'); routed, those became a hosting provider to look up under a name that means nothing.
// Only a name a site can be reached at passes: LDH labels (underscores allowed below the top level,
// where real sites use them), not a public suffix alone; or an IP address.
const WELL_FORMED_HOST = /^(?:(?!-)[a-z0-9_-]{1,63}(?<!-)\.)+(?!-)[a-z0-9-]{1,63}(?<!-)$/;

function problemWithHost(hostname: string): string | null {
  if (hostname.startsWith('[') || /^\d{1,3}(\.\d{1,3}){3}$/.test(hostname)) return null;
  const name = hostname.endsWith('.') ? hostname.slice(0, -1) : hostname;
  if (!name || name.length > 253) return 'missing or too long';
  // Every host of every request passes here: the usual one is settled by one expression, and only
  // a refused one is taken apart to say why.
  if (WELL_FORMED_HOST.test(name)) return getDomain(name) ? null : 'a domain ending, not a site';
  const labels = name.split('.');
  if (labels.some((label) => label.length === 0 || label.length > 63)) return 'an empty or overlong part';
  if (labels.some((label, i) => !(i === labels.length - 1 ? /^[a-z0-9-]+$/ : /^[a-z0-9_-]+$/).test(label) || /^-|-$/.test(label))) {
    return 'characters a host name cannot have';
  }
  if (labels.length < 2 || !getDomain(name)) return 'a domain ending, not a site';
  return null;
}

/** Why reportedUrlSchema refused a link, from its message: what pages translate. */
export type LinkRefusal = 'not_url' | 'scheme' | 'credentials' | 'host' | 'too_long' | 'other';

export function linkRefusal(message: string): LinkRefusal {
  if (message.startsWith('must be at most')) return 'too_long';
  if (message.startsWith('is not a valid URL')) return 'not_url';
  if (message.startsWith('only http and https')) return 'scheme';
  if (message.startsWith('must not contain a user name')) return 'credentials';
  if (message.startsWith('has no valid host name')) return 'host';
  return 'other';
}

export const reporterSchema = z.object({
  role: z.enum(reporterRoles),
  name: z.string().trim().max(200).refine(noControlChars, 'contains control characters').optional(),
  email: z.email('is not a valid e-mail address').max(254).optional(),
  phone: z
    .string()
    .trim()
    .max(40)
    .regex(/^\+?[0-9 ().\-/]{6,40}$/, 'is not a valid phone number')
    .optional(),
});

export const createRequestSchema = z.object({
  category: z.enum(categories),
  urgent: z.boolean().default(false),
  minorInvolved: z.boolean().default(false),
  urls: z.array(reportedUrlSchema).min(1, 'at least one link is needed').max(MAX_URLS_WITH_KEY),
  explanation: z
    .string()
    .max(MAX_EXPLANATION, `must be at most ${MAX_EXPLANATION} characters`)
    .refine(noControlChars, 'contains control characters')
    .default(''),
  reporter: reporterSchema.optional(),
  locale: z.enum(locales).default('en'),
  goodFaith: z.literal(true, { error: 'must be true: the statement that the report is made in good faith' }),
});

export type CreateRequestInput = z.infer<typeof createRequestSchema>;

/**
 * A notice says who reported the content ("Reported by: a caseworker"), and platforms weigh a
 * hotline caseworker's report accordingly: only a caseworker's own key may claim the role.
 */
export function claimedRoleError(
  input: Pick<CreateRequestInput, 'reporter'>,
  callerRole: string | null,
): { path: string; message: string } | null {
  if (input.reporter?.role !== 'caseworker' || callerRole === 'caseworker') return null;
  return { path: '/reporter/role', message: 'only a caseworker’s API key may file as a caseworker' };
}

const squash = (key: string) => key.toLowerCase().replace(/[\s_-]/g, '');

/**
 * Fields written another way than the contract's ("minorinvolved", "minor_involved", "Urgent"),
 * as JSON-pointer errors. The schema drops keys it does not know, which keeps bodies forward
 * compatible, but a dropped `minorInvolved` would file a child's case as not urgent: a near miss
 * of a known field is refused by name instead. `fields` is the body's own list (the bulk filing
 * adds `links`).
 */
export function misspeltFields(
  raw: unknown,
  fields: readonly string[] = Object.keys(createRequestSchema.shape),
): Array<{ path: string; message: string }> {
  const errors: Array<{ path: string; message: string }> = [];
  const check = (value: unknown, known: readonly string[], path: string) => {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return;
    for (const key of Object.keys(value)) {
      if (known.includes(key)) continue;
      const meant = known.find((k) => squash(k) === squash(key));
      if (meant)
        errors.push({
          path: `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`,
          message: `unknown field: did you mean "${meant}"?`,
        });
    }
  };
  check(raw, fields, '');
  check((raw as { reporter?: unknown } | null)?.reporter, Object.keys(reporterSchema.shape), '/reporter');
  return errors;
}

export function isUrgent(input: Pick<CreateRequestInput, 'urgent' | 'category' | 'minorInvolved'>): boolean {
  return input.urgent || input.minorInvolved || input.category === 'child_sexual_abuse' || input.category === 'sextortion';
}

// Duplicates are merged after normalisation, keeping the first occurrence's position.
export function uniqueUrls(urls: string[]): string[] {
  return [...new Set(urls)];
}
