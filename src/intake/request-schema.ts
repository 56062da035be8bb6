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
    if (!url.hostname || url.hostname.length > 253) {
      ctx.addIssue({ code: 'custom', message: 'has no valid host name' });
      return z.NEVER;
    }
    if (url.href.length > MAX_URL_LENGTH) {
      ctx.addIssue({ code: 'custom', message: `must be at most ${MAX_URL_LENGTH} characters` });
      return z.NEVER;
    }
    return url.href;
  });

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

export function isUrgent(input: Pick<CreateRequestInput, 'urgent' | 'category' | 'minorInvolved'>): boolean {
  return input.urgent || input.minorInvolved || input.category === 'child_sexual_abuse' || input.category === 'sextortion';
}

// Duplicates are merged after normalisation, keeping the first occurrence's position.
export function uniqueUrls(urls: string[]): string[] {
  return [...new Set(urls)];
}
