import { z } from 'zod';
import { noticeText } from '../notice-text.js';
import type { ManualTask, NoticeInput, PlatformAdapter } from '../types.js';

// For platforms that take reports only through a web form or in the app: no send, but a task with
// the prepared text, for a caseworker (and for the reporter on the status page).

export const manualChannelSchema = z.object({
  type: z.literal('manual'),
  formUrl: z.url({ protocol: /^https?$/ }).optional(),
  checklist: z.array(z.string().min(1)).optional(),
});
export type ManualChannelConfig = z.infer<typeof manualChannelSchema>;

export interface ManualNotice {
  noticeId: string;
  reference: string;
  urls: string[];
  subject: string;
  text: string;
}

const defaultChecklist = [
  'the exact URLs (one per line)',
  'the category that fits best',
  'the explanation',
  'a contact e-mail for the answer, unless the case is child sexual abuse',
  'the ticket number the form shows after sending',
];

export function createManualAdapter(options: {
  id: string;
  name: string;
  domains: string[];
  formUrl?: string | null;
  checklist?: string[];
  webhookSecret?: string;
}): PlatformAdapter<ManualNotice> {
  return {
    id: options.id,
    name: options.name,
    domains: options.domains,
    channel: 'manual',
    webhookSecret: options.webhookSecret,
    buildNotice(input: NoticeInput): ManualNotice {
      const { subject, body } = noticeText(input);
      return { noticeId: input.noticeId, reference: input.reference, urls: input.urls, subject, text: body };
    },
    async submit() {
      // Dispatch never claims manual work; reaching this is a routing bug, and retrying won't fix it.
      return { kind: 'rejected', reason: 'manual platforms are filed by a person, not sent' };
    },
    manualTask(notice): ManualTask {
      return {
        formUrl: options.formUrl ?? null,
        text: `${notice.subject}\n\n${notice.text}`,
        checklist: options.checklist ?? defaultChecklist,
        caseworkerFields: ['ticketId', 'outcome', 'note'],
      };
    },
  };
}
