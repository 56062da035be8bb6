import { z } from 'zod';
import { noticeText } from '../notice-text.js';
import { SendError } from '../send-error.js';
import { locales, type Locale, type Mailer, type NoticeInput, type PlatformAdapter, type SubmitOutcome } from '../types.js';

// One message per notice, to a platform's published abuse or takedown address, in the platform's
// language. The Message-ID comes from the noticeId, so every retry is the same message.

export const emailChannelSchema = z.object({
  type: z.literal('email'),
  to: z.union([z.email(), z.array(z.email()).min(1)]).transform((v) => (Array.isArray(v) ? v : [v])),
  /** The language the platform reads; the reporter's own language when absent. */
  language: z.enum(locales).optional(),
});
export type EmailChannelConfig = z.infer<typeof emailChannelSchema>;

export interface EmailNotice {
  noticeId: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const reminderWord: Record<Locale, string> = { fr: 'Rappel', nl: 'Herinnering', en: 'Reminder', de: 'Erinnerung' };

export function buildEmailNotice(input: NoticeInput, options: { to: string[]; language?: Locale }): EmailNotice {
  const language = options.language ?? input.locale;
  const text = noticeText(input, language);
  const subject = input.reminder === undefined ? text.subject : `${reminderWord[language]} ${input.reminder}: ${text.subject}`;
  const body = text.body;
  const html = `<!doctype html><html><body><pre style="font-family:sans-serif;white-space:pre-wrap">${escapeHtml(body)}</pre></body></html>`;
  return { noticeId: input.noticeId, to: options.to, subject, text: body, html };
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
}): PlatformAdapter<EmailNotice> {
  return {
    id: options.id,
    name: options.name,
    domains: options.domains,
    channel: 'email',
    webhookSecret: options.webhookSecret,
    buildNotice: (input) => buildEmailNotice(input, { to: options.channel.to, language: options.channel.language }),
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
