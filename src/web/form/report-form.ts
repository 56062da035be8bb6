import type { z } from 'zod';
import { categories, type Locale, type ReporterRole } from '../../../platforms/types.js';
import {
  createRequestSchema,
  linkRefusal,
  MAX_EXPLANATION,
  MAX_URL_LENGTH,
  MAX_URLS_ANONYMOUS,
  type CreateRequestInput,
} from '../../intake/request-schema.js';
import type { FieldMessage } from '../components/error-summary.js';
import type { Translate } from '../i18n.js';

// The report form as the browser posts it, turned into the API's request body and checked by the
// very same schema (one behaviour for the form and the API). What the schema says in English
// becomes a message in the page's language, next to the field it is about.

/** The categories in the order the form asks about them: the most frequent first. */
export const formCategories = [
  'intimate_image',
  'sextortion',
  'hidden_camera',
  'child_sexual_abuse',
  'harassment',
  'child_photo_misuse',
  'other',
] as const satisfies ReadonlyArray<(typeof categories)[number]>;

/** Who may file through the public form; `caseworker` is for signed-in staff. */
export const formRoles = ['victim', 'parent_or_guardian', 'organisation', 'third_party'] as const satisfies ReadonlyArray<ReporterRole>;

/** The form's fields in page order: the error summary lists problems in this order too. */
export const formFields = [
  'category',
  'minorInvolved',
  'urgent',
  'urls',
  'explanation',
  'role',
  'name',
  'email',
  'phone',
  'goodFaith',
] as const;
export type FormField = (typeof formFields)[number];

export interface ReportFormValues {
  category: string;
  minorInvolved: string;
  urgent: string;
  urls: string;
  explanation: string;
  role: string;
  name: string;
  email: string;
  phone: string;
  goodFaith: boolean;
  /** Random per form shown; the idempotency key that makes a re-sent form return the first answer. */
  formKey: string;
}

export const emptyReportForm = (formKey: string): ReportFormValues => ({
  category: '',
  minorInvolved: '',
  urgent: '',
  urls: '',
  explanation: '',
  role: '',
  name: '',
  email: '',
  phone: '',
  goodFaith: false,
  formKey,
});

const FORM_KEY = /^[A-Za-z0-9_-]{16,64}$/;

export function isFormKey(value: unknown): value is string {
  return typeof value === 'string' && FORM_KEY.test(value);
}

type PostedBody = Record<string, unknown>;

const text = (body: PostedBody, name: string): string => {
  const v = body[name];
  // Anything that is not plain text (a file, a repeated field) is ignored: the form has neither.
  return typeof v === 'string' ? v : '';
};

export function readReportForm(body: PostedBody, newFormKey: () => string): ReportFormValues {
  const formKey = text(body, 'formKey');
  return {
    category: text(body, 'category'),
    minorInvolved: text(body, 'minorInvolved'),
    urgent: text(body, 'urgent'),
    urls: text(body, 'urls'),
    explanation: text(body, 'explanation'),
    role: text(body, 'role'),
    name: text(body, 'name'),
    email: text(body, 'email'),
    phone: text(body, 'phone'),
    goodFaith: text(body, 'goodFaith') === 'yes',
    formKey: isFormKey(formKey) ? formKey : newFormKey(),
  };
}

export type ReportFormResult = { ok: true; input: CreateRequestInput } | { ok: false; errors: FieldMessage[] };

/** One link as pasted, with the line of the text box it came from. */
interface PastedLink {
  url: string;
  line: number;
}

// One link per line, but people paste several on a line too: anything separated by white space
// is a link of its own.
export function pastedLinks(textarea: string): PastedLink[] {
  return textarea
    .split(/\r\n|\r|\n/)
    .flatMap((lineText, i) => lineText.split(/\s+/).map((url) => ({ url, line: i + 1 })))
    .filter((l) => l.url.length > 0);
}

const optional = (s: string) => {
  const trimmed = s.trim();
  return trimmed === '' ? undefined : trimmed;
};

export function validateReportForm(values: ReportFormValues, options: { locale: Locale; t: Translate }): ReportFormResult {
  const { t } = options;
  const links = pastedLinks(values.urls);
  const candidate = {
    category: values.category || undefined,
    urgent: values.urgent === 'yes',
    minorInvolved: values.minorInvolved === 'yes',
    urls: links.map((l) => l.url),
    explanation: values.explanation,
    reporter: {
      role: (formRoles as readonly string[]).includes(values.role) ? values.role : undefined,
      name: optional(values.name),
      email: optional(values.email),
      phone: optional(values.phone),
    },
    locale: options.locale,
    goodFaith: values.goodFaith ? true : undefined,
  };

  const errors: FieldMessage[] = [];
  if (values.minorInvolved !== 'yes' && values.minorInvolved !== 'no') errors.push({ field: 'minorInvolved', message: t('errors.minor') });
  if (values.urgent !== 'yes' && values.urgent !== 'no') errors.push({ field: 'urgent', message: t('errors.urgent') });
  if (links.length > MAX_URLS_ANONYMOUS) {
    errors.push({ field: 'urls', message: t('errors.urlsTooMany', { max: MAX_URLS_ANONYMOUS }) });
  }

  const parsed = createRequestSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const message = messageFor(issue, { t, links, explanation: values.explanation });
      if (errors.some((e) => e.field === message.field && e.message === message.message)) continue;
      // The links field has one message per wrong line; every other field has one.
      if (message.field !== 'urls' && errors.some((e) => e.field === message.field)) continue;
      errors.push(message);
    }
  }
  if (errors.length > 0 || !parsed.success) {
    const order = (f: string) => formFields.indexOf(f as FormField);
    return { ok: false, errors: errors.sort((a, b) => order(a.field) - order(b.field)) };
  }
  return { ok: true, input: parsed.data };
}

function messageFor(issue: z.core.$ZodIssue, context: { t: Translate; links: PastedLink[]; explanation: string }): FieldMessage {
  const { t } = context;
  const [head, second] = issue.path;
  switch (head) {
    case 'category':
      return { field: 'category', message: t('errors.category') };
    case 'urls': {
      if (typeof second !== 'number') {
        return issue.code === 'too_big'
          ? { field: 'urls', message: t('errors.urlsTooMany', { max: MAX_URLS_ANONYMOUS }) }
          : { field: 'urls', message: t('errors.urlsRequired') };
      }
      const line = context.links[second]?.line ?? second + 1;
      return { field: 'urls', message: t('errors.urlLine', { line, reason: urlReason(issue, t) }) };
    }
    case 'explanation':
      return issue.code === 'too_big'
        ? { field: 'explanation', message: t('errors.explanationTooLong', { max: MAX_EXPLANATION, count: context.explanation.length }) }
        : { field: 'explanation', message: t('errors.controlChars') };
    case 'reporter': {
      if (second === 'role') return { field: 'role', message: t('errors.role') };
      if (second === 'name') return { field: 'name', message: issue.code === 'too_big' ? t('errors.name') : t('errors.controlChars') };
      if (second === 'email') return { field: 'email', message: t('errors.email') };
      if (second === 'phone') return { field: 'phone', message: t('errors.phone') };
      return { field: 'role', message: t('errors.role') };
    }
    case 'goodFaith':
      return { field: 'goodFaith', message: t('errors.goodFaith') };
    default:
      return { field: 'category', message: t('errors.generic') };
  }
}

// The schema's reasons for refusing a link, by what it says (request-schema.ts); anything it may
// say in future and this does not know still gets an honest, translated message.
function urlReason(issue: z.core.$ZodIssue, t: Translate): string {
  if (issue.code === 'too_big') return t('errors.urlTooLong', { max: MAX_URL_LENGTH });
  switch (linkRefusal(issue.message)) {
    case 'too_long':
      return t('errors.urlTooLong', { max: MAX_URL_LENGTH });
    case 'not_url':
      return t('errors.urlNotUrl');
    case 'scheme':
      return t('errors.urlScheme');
    case 'credentials':
      return t('errors.urlCredentials');
    case 'host':
      return t('errors.urlHost');
    default:
      return t('errors.urlInvalid');
  }
}
