import { z } from 'zod';
import { noticeText } from '../notice-text.js';
import { categories, type Category, type ManualTask, type NoticeInput, type PlatformAdapter } from '../types.js';

// For platforms that take reports only through a web form or in the app: no send, but a task with
// the prepared text, for a caseworker (and for the reporter on the status page). A platform often
// has one form per kind of harm (intimate images, privacy, child safety); the task picks the one
// that fits the request's category.

export const manualFormSchema = z.object({
  /** What the platform calls the form, so a caseworker recognises it. */
  name: z.string().min(1).max(200),
  /** null: there is no web form (in-app reports only); the checklist says what to do instead. */
  url: z.url({ protocol: /^https?$/ }).nullable(),
  /** The categories this form is for; absent: the platform's general form. */
  categories: z.array(z.enum(categories)).min(1).optional(),
  /** What the form asks, in order. */
  checklist: z.array(z.string().min(1)).min(1),
  verified: z.boolean().optional(),
  note: z.string().max(1000).optional(),
});
export type ManualForm = z.infer<typeof manualFormSchema>;

export const manualChannelSchema = z.object({
  type: z.literal('manual'),
  formUrl: z.url({ protocol: /^https?$/ }).optional(),
  checklist: z.array(z.string().min(1)).optional(),
  /** The platform's forms; the first whose categories include the request's wins, then the first without categories. */
  forms: z.array(manualFormSchema).optional(),
});
export type ManualChannelConfig = z.infer<typeof manualChannelSchema>;

export const manualNoticeSchema = z
  .object({
    noticeId: z.string().min(1),
    reference: z.string().min(1),
    category: z.enum(categories),
    urls: z.array(z.url()).min(1),
    subject: z.string().min(1),
    text: z.string().min(1),
  })
  .strict();
export type ManualNotice = z.infer<typeof manualNoticeSchema>;

const defaultChecklist = [
  'the exact URLs (one per line)',
  'the category that fits best',
  'the explanation',
  'a contact e-mail for the answer, unless the case is child sexual abuse',
  'the ticket number the form shows after sending',
];

// For child sexual abuse the reporter's identity never leaves the service: whoever files the form
// does so for the service, never with the reporter's name or contact.
const csamWarning =
  "child sexual abuse: never enter the reporter's name or contact details; file as the organisation (or anonymously where the form allows)";

export function pickForm(forms: readonly ManualForm[] | undefined, category: Category): ManualForm | undefined {
  if (!forms || forms.length === 0) return undefined;
  return forms.find((f) => f.categories?.includes(category)) ?? forms.find((f) => !f.categories) ?? forms[0];
}

export function createManualAdapter(options: {
  id: string;
  name: string;
  domains: string[];
  formUrl?: string | null;
  checklist?: string[];
  forms?: ManualForm[];
  webhookSecret?: string;
  responseHours?: PlatformAdapter['responseHours'];
  categories?: readonly Category[];
  verified?: boolean;
  note?: string;
}): PlatformAdapter<ManualNotice> {
  return {
    id: options.id,
    name: options.name,
    domains: options.domains,
    channel: 'manual',
    webhookSecret: options.webhookSecret,
    responseHours: options.responseHours,
    categories: options.categories,
    verified: options.verified,
    note: options.note,
    buildNotice(input: NoticeInput): ManualNotice {
      const { subject, body } = noticeText(input);
      return { noticeId: input.noticeId, reference: input.reference, category: input.category, urls: input.urls, subject, text: body };
    },
    async submit() {
      // Dispatch never claims manual work; reaching this is a routing bug, and retrying won't fix it.
      return { kind: 'rejected', reason: 'manual platforms are filed by a person, not sent' };
    },
    manualTask(notice): ManualTask {
      const form = pickForm(options.forms, notice.category);
      const checklist = form?.checklist ?? options.checklist ?? defaultChecklist;
      const task: ManualTask = {
        formUrl: form ? form.url : (options.formUrl ?? null),
        text: `${notice.subject}\n\n${notice.text}`,
        checklist: notice.category === 'child_sexual_abuse' ? [csamWarning, ...checklist] : [...checklist],
        caseworkerFields: ['ticketId', 'outcome', 'note'],
      };
      if (form) task.formName = form.name;
      const verified = form?.verified ?? options.verified;
      if (verified !== undefined) task.verified = verified;
      const note = form?.note ?? (form ? undefined : options.note);
      if (note) task.note = note;
      // Without a form address the task must say so, not leave a person looking for a link.
      else if (task.formUrl === null) task.note = 'No web form is known for this: follow the checklist.';
      return task;
    },
  };
}
