import { z } from 'zod';
import { createRequestSchema, MAX_URLS_WITH_KEY } from './request-schema.js';

// An organisation's filing: one explanation and one category for up to 1,000 links, given as a
// list (`urls`) or as pasted text or CSV (`links`). The rest is the ordinary request.
export const MAX_LINKS_TEXT = 2 * 1024 * 1024;

export const bulkFilingSchema = createRequestSchema
  .omit({ urls: true })
  .extend({
    urls: z.array(z.string().max(4096)).max(MAX_URLS_WITH_KEY).optional().describe('the links, one per element'),
    links: z
      .string()
      .max(MAX_LINKS_TEXT)
      .optional()
      .describe('pasted text or CSV; every cell that starts with http://, https:// or www. is taken as a link'),
  })
  .refine((v) => v.urls !== undefined || v.links !== undefined, { message: 'give urls or links', path: ['links'] });

export type BulkFilingInput = z.infer<typeof bulkFilingSchema>;

/** The fields a filing may have, for misspeltFields. */
export const bulkFields: readonly string[] = [...Object.keys(createRequestSchema.shape), 'links'];

export const routingPreviewSchema = z.object({
  urls: z.array(z.string()),
  invalid: z.array(z.object({ line: z.number(), text: z.string(), message: z.string() })),
  duplicates: z.number(),
  urgent: z.boolean(),
  groups: z.array(
    z.object({
      platform: z.string(),
      platformName: z.string(),
      channel: z.string(),
      /** What happens next, said plainly: sent at once, or a web form a caseworker fills in. */
      handling: z.enum(['sent_automatically', 'manual_web_form', 'hosting_provider']),
      urls: z.array(z.string()),
    }),
  ),
});
export type RoutingPreview = z.infer<typeof routingPreviewSchema>;
