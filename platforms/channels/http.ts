import { z } from 'zod';
import { parseRetryAfter, SendError } from '../send-error.js';
import { forwardableReporter } from '../notice-rules.js';
import type { Category, FetchResponse, NoticeInput, PlatformAdapter, PlatformStatus, SendContext, SubmitOutcome } from '../types.js';

// The contract's wire format (shared/CONTRACT.md, "The http channel on the wire"), for partner
// platforms and trusted-flagger endpoints that accept notices as JSON.

export const httpChannelSchema = z.object({
  type: z.literal('http'),
  url: z.url({ protocol: /^https?$/ }),
  token: z.string().min(1).optional(),
  /**
   * Optional: where the platform tells where a notice stands, with `{ticketId}` in it, e.g.
   * `https://api.example/notices/{ticketId}`. Answers `{ "status": "pending | acknowledged |
   * removed | rejected", "urls"?: [..], "reason"?: "…" }`. With it, the service polls.
   */
  statusUrl: z
    .url({ protocol: /^https?$/ })
    .refine((u) => u.includes('%7BticketId%7D') || u.includes('{ticketId}'), 'must contain {ticketId}')
    .optional(),
});
export type HttpChannelConfig = z.infer<typeof httpChannelSchema>;

export const httpNoticeSchema = z.object({
  noticeId: z.string().min(1),
  reference: z.string().regex(/^TD-[0-9A-Z]{4}-[0-9A-Z]{4}$/),
  category: z.string(),
  urgent: z.boolean(),
  urls: z.array(z.url()).min(1),
  explanation: z.string(),
  reporter: z.object({ role: z.string(), name: z.string().optional(), email: z.string().optional() }).strict().nullable(),
  goodFaith: z.literal(true),
  submittedAt: z.iso.datetime(),
  /** Only on a reminder: which one. Its Idempotency-Key is `<noticeId>:reminder:<n>`. */
  reminder: z.number().int().min(1).optional(),
});
export type HttpNotice = z.infer<typeof httpNoticeSchema>;

const MAX_REASON = 500;

export function buildHttpNotice(input: NoticeInput): HttpNotice {
  // The input is already reduced (cases/notice-input.ts); reducing again here keeps this channel
  // safe whoever calls it.
  const reporter = forwardableReporter(input.category, input.reporter);
  return {
    noticeId: input.noticeId,
    reference: input.reference,
    category: input.category,
    urgent: input.urgent,
    urls: input.urls,
    explanation: input.explanation,
    reporter: reporter ? { role: reporter.role, name: reporter.name, email: reporter.email } : null,
    goodFaith: true,
    submittedAt: input.submittedAt,
    ...(input.reminder === undefined ? {} : { reminder: input.reminder }),
  };
}

export function createHttpAdapter(options: {
  id: string;
  name: string;
  domains: string[];
  channel: HttpChannelConfig;
  webhookSecret?: string;
  now?: () => number;
  responseHours?: PlatformAdapter['responseHours'];
  categories?: readonly Category[];
  verified?: boolean;
  note?: string;
}): PlatformAdapter<HttpNotice> {
  const now = options.now ?? Date.now;
  return {
    id: options.id,
    name: options.name,
    domains: options.domains,
    channel: 'http',
    webhookSecret: options.webhookSecret,
    responseHours: options.responseHours,
    categories: options.categories,
    verified: options.verified,
    note: options.note,
    buildNotice: buildHttpNotice,
    async submit(notice, ctx): Promise<SubmitOutcome> {
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        accept: 'application/json',
        'idempotency-key': ctx.idempotencyKey,
      };
      if (options.channel.token) headers.authorization = `Bearer ${options.channel.token}`;
      const res = await ctx.fetch(options.channel.url, {
        method: 'POST',
        headers,
        body: JSON.stringify(notice),
        signal: ctx.signal,
        redirect: 'manual',
      });
      const text = await readSmall(res);
      if (res.status === 409) return { kind: 'accepted', detail: 'already received (409)' };
      if (res.ok) return { kind: 'accepted', ticketId: ticketIdFrom(text) };
      if (res.status === 429 || res.status >= 500) {
        throw new SendError(`HTTP ${res.status}${text ? `: ${text.slice(0, MAX_REASON)}` : ''}`, {
          retryable: true,
          status: res.status,
          retryAfterMs: parseRetryAfter(res.headers.get('retry-after'), now()),
        });
      }
      return { kind: 'rejected', reason: `HTTP ${res.status}${text ? `: ${text.slice(0, MAX_REASON)}` : ''}` };
    },
    ...(options.channel.statusUrl
      ? {
          checkStatus: (ticketId: string, ctx: Omit<SendContext, 'idempotencyKey'>) =>
            checkHttpStatus(options.channel, ticketId, { ...ctx, now: now() }),
        }
      : {}),
  };
}

// Platforms answer with anything from nothing to an HTML error page; keep only a short prefix.
async function readSmall(res: FetchResponse): Promise<string> {
  try {
    const text = await res.text();
    return text.slice(0, 4096).trim();
  } catch {
    return '';
  }
}

const statusAnswerSchema = z.object({
  status: z.enum(['pending', 'acknowledged', 'removed', 'rejected']),
  urls: z.array(z.string().max(2048)).max(1000).optional(),
  reason: z
    .string()
    .max(MAX_REASON * 4)
    .optional(),
  detail: z
    .string()
    .max(MAX_REASON * 4)
    .optional(),
});

async function checkHttpStatus(
  channel: HttpChannelConfig,
  ticketId: string,
  ctx: { fetch: SendContext['fetch']; signal: AbortSignal; now: number },
): Promise<PlatformStatus> {
  const url = channel.statusUrl!.replace(/\{ticketId\}|%7BticketId%7D/g, encodeURIComponent(ticketId));
  const headers: Record<string, string> = { accept: 'application/json' };
  if (channel.token) headers.authorization = `Bearer ${channel.token}`;
  const res = await ctx.fetch(url, { method: 'GET', headers, signal: ctx.signal, redirect: 'manual' });
  const text = await readSmall(res);
  if (!res.ok) {
    throw new SendError(`status check: HTTP ${res.status}`, {
      retryable: res.status === 429 || res.status >= 500,
      status: res.status,
      retryAfterMs: parseRetryAfter(res.headers.get('retry-after'), ctx.now),
    });
  }
  let parsed;
  try {
    parsed = statusAnswerSchema.safeParse(JSON.parse(text));
  } catch {
    parsed = undefined;
  }
  if (!parsed?.success) throw new SendError('status check: the answer is not a status', { retryable: true });
  const answer = parsed.data;
  switch (answer.status) {
    case 'pending':
      return { kind: 'pending' };
    case 'acknowledged':
      return { kind: 'acknowledged', detail: answer.detail };
    case 'removed':
      return { kind: 'removed', urls: answer.urls, detail: answer.detail };
    case 'rejected':
      return { kind: 'rejected', reason: answer.reason ?? 'rejected by the platform' };
  }
}

function ticketIdFrom(text: string): string | undefined {
  if (!text) return undefined;
  try {
    const body = JSON.parse(text) as { ticketId?: unknown };
    if (typeof body?.ticketId === 'string' && body.ticketId.length > 0) return body.ticketId.slice(0, 200);
    if (typeof body?.ticketId === 'number') return String(body.ticketId);
  } catch {
    // a 2xx without JSON is still an acceptance
  }
  return undefined;
}
