import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { emailChannelSchema } from './channels/email.js';
import { httpChannelSchema } from './channels/http.js';
import { manualChannelSchema } from './channels/manual.js';
import { categories } from './types.js';

// PLATFORMS_FILE: adds platforms, or replaces a built-in one with the same id, without code.

const hostname = z
  .string()
  .min(1)
  .max(253)
  .transform((s) => s.toLowerCase().replace(/\.$/, ''))
  .refine((s) => /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(s), 'not a host name');

export const platformEntrySchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'lower-case letters, digits, - and _'),
  name: z.string().min(1).max(200),
  domains: z.array(hostname).min(1),
  channel: z.discriminatedUnion('type', [httpChannelSchema, emailChannelSchema, manualChannelSchema]),
  webhookSecret: z
    .string()
    .regex(/^whsec_[A-Za-z0-9+/=]+$/, 'a Standard Webhooks secret (whsec_…)')
    .optional(),
  /** Expected hours to acknowledge and to remove; the response clocks read them. */
  responseHours: z
    .object({
      acknowledge: z
        .number()
        .positive()
        .max(24 * 365),
      remove: z
        .number()
        .positive()
        .max(24 * 365),
    })
    .refine((h) => h.remove >= h.acknowledge, 'remove must not come before acknowledge')
    .optional(),
  /** The categories the platform has a route for; absent: all of them. */
  categories: z.array(z.enum(categories)).min(1).optional(),
  /** false: an address or form here has not been checked against the platform's own pages. */
  verified: z.boolean().optional(),
  note: z.string().max(2000).optional(),
});
export type PlatformEntry = z.infer<typeof platformEntrySchema>;
/** A platform as written (in PLATFORMS_FILE or a catalogue file), before validation. */
export type PlatformEntryInput = z.input<typeof platformEntrySchema>;

export const platformsFileSchema = z.object({ platforms: z.array(platformEntrySchema) });

export function readPlatformsFile(path: string): PlatformEntry[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`PLATFORMS_FILE ${path}: ${(err as Error).message}`);
  }
  const parsed = platformsFileSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`PLATFORMS_FILE ${path} is invalid:\n  ${lines.join('\n  ')}`);
  }
  return parsed.data.platforms;
}
