import { z } from 'zod';
import { noticeText } from '../notice-text.js';
import { SendError } from '../send-error.js';
import {
  categories,
  locales,
  type Category,
  type Locale,
  type Mailer,
  type NoticeInput,
  type PlatformAdapter,
  type SubmitOutcome,
} from '../types.js';

// One message per notice, to a platform's published abuse or takedown address, in the platform's
// language. The Message-ID comes from the noticeId, so every retry is the same message.

const recipients = z.union([z.email(), z.array(z.email()).min(1)]).transform((v) => (Array.isArray(v) ? v : [v]));

export const emailChannelSchema = z.object({
  type: z.literal('email'),
  to: recipients,
  /** The language the platform reads; the reporter's own language when absent. */
  language: z.enum(locales).optional(),
  /** A separate address for some categories (e.g. a child-safety team); the first match wins, else `to`. */
  routes: z.array(z.object({ categories: z.array(z.enum(categories)).min(1), to: recipients })).optional(),
});
export type EmailChannelConfig = z.infer<typeof emailChannelSchema>;

export const emailNoticeSchema = z
  .object({
    noticeId: z.string().min(1),
    to: z.array(z.email()).min(1),
    subject: z.string().min(1).max(300),
    text: z.string().min(1),
    html: z.string().startsWith('<!doctype html>'),
  })
  .strict();
export type EmailNotice = z.infer<typeof emailNoticeSchema>;

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const reminderWord: Record<Locale, string> = { fr: 'Rappel', nl: 'Herinnering', en: 'Reminder', de: 'Erinnerung' };

export function recipientsFor(channel: Pick<EmailChannelConfig, 'to' | 'routes'>, category: Category): string[] {
  return channel.routes?.find((r) => r.categories.includes(category))?.to ?? channel.to;
}

export function buildEmailNotice(
  input: NoticeInput,
  options: { to: string[]; language?: Locale; routes?: EmailChannelConfig['routes'] },
): EmailNotice {
  const language = options.language ?? input.locale;
  const text = noticeText(input, language);
  const subject = input.reminder === undefined ? text.subject : `${reminderWord[language]} ${input.reminder}: ${text.subject}`;
  const body = text.body;
  const html = `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body><pre style="font-family:sans-serif;white-space:pre-wrap">${escapeHtml(body)}</pre></body></html>`;
  return { noticeId: input.noticeId, to: recipientsFor(options, input.category), subject, text: body, html };
}

export function messageIdFor(noticeId: string, from: string): string {
  const domain = from.split('@')[1]?.replace(/[>\s].*$/, '') || 'takedown.invalid';
  // A reminder's key (`<noticeId>:reminder:<n>`) has colons, which a Message-ID may not.
  return `<${noticeId.replace(/[^A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]/g, '.')}@${domain}>`;
}

export function createEmailAdapter(options: {
  id: string;
  name: string;
  domains: string[];
  channel: EmailChannelConfig;
  mailer: Mailer;
  webhookSecret?: string;
  responseHours?: PlatformAdapter['responseHours'];
  categories?: readonly Category[];
  verified?: boolean;
  note?: string;
}): PlatformAdapter<EmailNotice> {
  return {
    id: options.id,
    name: options.name,
    domains: options.domains,
    channel: 'email',
    webhookSecret: options.webhookSecret,
    responseHours: options.responseHours,
    categories: options.categories,
    verified: options.verified,
    note: options.note,
    buildNotice: (input) =>
      buildEmailNotice(input, { to: options.channel.to, language: options.channel.language, routes: options.channel.routes }),
    async submit(notice, ctx): Promise<SubmitOutcome> {
      try {
        const { response } = await options.mailer.send(
          {
            to: notice.to,
            subject: notice.subject,
            text: notice.text,
            html: notice.html,
            messageId: messageIdFor(ctx.idempotencyKey, options.mailer.from),
            headers: { 'X-Takedown-Notice-Id': ctx.idempotencyKey },
          },
          { signal: ctx.signal },
        );
        return { kind: 'accepted', detail: `accepted by the mail server (${response.slice(0, 120)})` };
      } catch (err) {
        if (err instanceof SendError && !err.retryable) return { kind: 'rejected', reason: err.message };
        throw err;
      }
    },
  };
}
