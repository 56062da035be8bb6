// The adapter contract. An adapter knows one platform (or one generic channel) and how to reach
// it. It is handed plain data and a fetch-shaped client and never touches the database, so it can
// be tested alone and reused by any part of the service (dispatch, status polling, webhooks).

export const categories = [
  'intimate_image',
  'child_sexual_abuse',
  'sextortion',
  'hidden_camera',
  'harassment',
  'child_photo_misuse',
  'other',
] as const;
export type Category = (typeof categories)[number];

export const locales = ['fr', 'nl', 'en', 'de'] as const;
export type Locale = (typeof locales)[number];

export const reporterRoles = ['victim', 'parent_or_guardian', 'organisation', 'third_party', 'caseworker'] as const;
export type ReporterRole = (typeof reporterRoles)[number];

export interface Reporter {
  role: ReporterRole;
  name?: string;
  email?: string;
  phone?: string;
}

export const channelTypes = ['http', 'email', 'manual', 'host', 'cloudflare'] as const;
export type ChannelType = (typeof channelTypes)[number];

/** What callers read of an answer. fetch's Response is one; the outbound client's is lighter. */
export interface FetchResponse {
  readonly status: number;
  readonly ok: boolean;
  readonly headers: Pick<Headers, 'get' | 'has' | 'forEach'>;
  text(): Promise<string>;
  json(): Promise<unknown>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

export type FetchLike = (input: string | URL, init?: RequestInit) => Promise<FetchResponse>;

/** One e-mail as the `email` channel sends it. */
export interface MailMessage {
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** Stable per notice (and per reminder), so a retried send is recognisably the same message. */
  messageId: string;
  headers?: Record<string, string>;
}

/** The SMTP side, handed to e-mail adapters the way `fetch` is handed to HTTP ones. */
export interface Mailer {
  /** The address notices are sent from (MAIL_FROM). */
  readonly from: string;
  /** Resolves when the server accepted the message; throws a SendError otherwise. */
  send(message: MailMessage, options: { signal: AbortSignal }): Promise<{ response: string }>;
}

/**
 * One platform's share of a case, as plain data. `reporter` is already reduced to what may be
 * forwarded (see notice-rules.ts): null for anonymous reports and for child sexual abuse.
 */
export interface NoticeInput {
  noticeId: string;
  reference: string;
  category: Category;
  urgent: boolean;
  minorInvolved: boolean;
  locale: Locale;
  urls: string[];
  explanation: string;
  reporter: Reporter | null;
  goodFaith: true;
  /** When the case was filed: stable across retries, so every attempt sends the same notice. */
  submittedAt: string;
  /** Set on a re-notification: the same notice again, the n-th reminder (see confirm/send-reminders.ts). */
  reminder?: number;
}

export interface SendContext {
  /** The noticeId: the same for every attempt of one submission. */
  idempotencyKey: string;
  signal: AbortSignal;
  fetch: FetchLike;
}

export type SubmitOutcome =
  | { kind: 'accepted'; ticketId?: string; detail?: string }
  | { kind: 'rejected'; reason: string }
  /**
   * Nothing can be sent automatically (no abuse contact found in time, an API not configured or
   * not entitled): the submission becomes manual work, and `reason` says what was tried.
   */
  | { kind: 'manual'; reason: string };

export type PlatformStatus =
  | { kind: 'pending' }
  | { kind: 'acknowledged'; detail?: string }
  | { kind: 'removed'; urls?: string[]; detail?: string }
  | { kind: 'rejected'; reason: string };

/**
 * How long a platform usually takes, in hours from when the notice went out: to acknowledge it
 * (a ticket, an automatic reply, a first answer) and to remove the content. The response clocks
 * (SLA, reminders, escalation) read these; they are expectations for a diligent platform, not
 * promises the platform made. Urgent cases may use tighter clocks than these.
 */
export interface ResponseHours {
  acknowledge: number;
  remove: number;
}

/** What the clocks use for an adapter that declares no `responseHours` (host routes, files). */
export const DEFAULT_RESPONSE_HOURS: ResponseHours = { acknowledge: 48, remove: 168 };

/** A web form a person has to fill in: what the manual channel gives caseworkers and reporters. */
export interface ManualTask {
  /** null: the platform has no form we know of (in-app reports only, or an address to find). */
  formUrl: string | null;
  /** Which of the platform's forms this is (e.g. "Report intimate images shared without consent"). */
  formName?: string;
  /** false: nobody has yet checked this form address against the platform's own pages. */
  verified?: boolean;
  /** Anything a caseworker should know before filing (in-app only, needs an account, …). */
  note?: string;
  /** The notice text, ready to paste into the form. */
  text: string;
  /** What the form will ask for, in order. */
  checklist: string[];
  /** What a caseworker records after filing. */
  caseworkerFields: Array<'ticketId' | 'outcome' | 'note'>;
}

export interface PlatformAdapter<N = unknown> {
  id: string;
  name: string;
  /** Registrable domains and hosts the platform serves content from; subdomains match too. */
  domains: string[];
  channel: ChannelType;
  /** Pure: the platform's own fields for one notice. Same input, same output. */
  buildNotice(input: NoticeInput): N;
  /**
   * Sends one notice. Resolves `accepted` or `rejected`; throws a SendError for anything that may
   * succeed later (timeouts, 429, 5xx, network), with `retryable` and any `retryAfterMs`.
   */
  submit(notice: N, ctx: SendContext): Promise<SubmitOutcome>;
  /** For `manual` work: the prepared task. */
  manualTask?(notice: N): ManualTask;
  checkStatus?(ticketId: string, ctx: Omit<SendContext, 'idempotencyKey'>): Promise<PlatformStatus>;
  /** Standard Webhooks secret (`whsec_…`) for confirmations this platform sends us. */
  webhookSecret?: string;
  /** Expected response clock; absent means DEFAULT_RESPONSE_HOURS. */
  responseHours?: ResponseHours;
  /** The categories the platform has a route for; absent means every category. */
  categories?: readonly Category[];
  /** false: an address or form of this platform has not been checked against its own pages. */
  verified?: boolean;
  /** A caseworker's note about this platform's procedure (what is uncertain, what works). */
  note?: string;
}
