import { z } from 'zod';
import { hostOfUrl } from '../host-name.js';
import { noticeText } from '../notice-text.js';
import { parseRetryAfter, SendError } from '../send-error.js';
import type { Category, ManualTask, NoticeInput, PlatformAdapter, PlatformStatus, SubmitOutcome } from '../types.js';

// Cloudflare's abuse-reports API: POST {api}/accounts/{account_id}/abuse-reports/{report_type}
// with a JSON body, Bearer token with "Abuse Reports: Edit"; the account needs the abuse-reports
// entitlement (Cloudflare answers 401 otherwise). Shapes follow Cloudflare's published API
// reference and its official SDKs as of 2025. Where those leave doubt, it is said below.
//
// Field rules that shape one report: `urls` is a newline-separated list of at most 250 unique
// URLs, all on one hostname, so a notice is split per hostname and in chunks of 250;
// `justification` at most 5,000 characters; `comments` at most 2,000; `name` at most 255.

export const CLOUDFLARE_API = 'https://api.cloudflare.com/client/v4';
export const CLOUDFLARE_ABUSE_FORM = 'https://abuse.cloudflare.com/';

const MAX_URLS = 250;
const MAX_JUSTIFICATION = 5_000;
const MAX_COMMENTS = 2_000;
const MAX_NAME = 255;

/**
 * Report types. Child sexual abuse is `abuse_children` in the SDKs (the brief's `abuse_csam` does
 * not exist there); non-consensual intimate imagery is `abuse_ncsei`, which has no `justification`
 * field, so its explanation goes in `comments`. Everything else is `abuse_general`.
 */
const reportTypes = ['abuse_children', 'abuse_ncsei', 'abuse_general'] as const;
export type CloudflareReportType = (typeof reportTypes)[number];

export function reportTypeFor(category: Category): CloudflareReportType {
  switch (category) {
    case 'child_sexual_abuse':
      return 'abuse_children';
    case 'intimate_image':
    case 'sextortion':
    case 'hidden_camera':
      return 'abuse_ncsei';
    default:
      return 'abuse_general';
  }
}

export const cloudflareNoticeSchema = z.object({
  noticeId: z.string().min(1),
  reports: z
    .array(
      z.object({
        act: z.enum(reportTypes),
        hostname: z.string().min(1),
        body: z.record(z.string(), z.union([z.string(), z.boolean()])),
      }),
    )
    .min(1),
  /** For the manual task when the API cannot be used. */
  subject: z.string().min(1),
  text: z.string().min(1),
});
export type CloudflareNotice = z.infer<typeof cloudflareNoticeSchema>;
export type CloudflareReport = CloudflareNotice['reports'][number];

export interface CloudflareIdentity {
  /** Who files: the service itself. Cloudflare may publish these fields (Lumen), so the person's never go. */
  name: string;
  email: string;
}

const clip = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

export function buildCloudflareNotice(input: NoticeInput, identity: CloudflareIdentity): CloudflareNotice {
  const act = reportTypeFor(input.category);
  const { subject, body } = noticeText(input, 'en');
  const byHost = new Map<string, string[]>();
  for (const url of input.urls) {
    const hostname = hostOfUrl(url);
    const list = byHost.get(hostname) ?? [];
    if (!list.includes(url)) list.push(url);
    byHost.set(hostname, list);
  }
  const comments = clip(`Reference ${input.reference} (notice ${input.noticeId}). ${input.explanation}`, MAX_COMMENTS);
  const reports: CloudflareReport[] = [];
  for (const [hostname, urls] of byHost) {
    for (let i = 0; i < urls.length; i += MAX_URLS) {
      const common = {
        act,
        email: identity.email,
        email2: identity.email,
        name: clip(identity.name, MAX_NAME),
        urls: urls.slice(i, i + MAX_URLS).join('\n'),
        // Forwarded without our contact details: hosts and site owners learn what, not who.
        host_notification: 'send-anon',
      };
      let fields: Record<string, string | boolean>;
      if (act === 'abuse_children') {
        // The site owner is not told (no warning to whoever posted it); the host and NCMEC are.
        fields = {
          ...common,
          owner_notification: 'none',
          ncmec_notification: 'send-anon',
          justification: clip(body, MAX_JUSTIFICATION),
          comments,
        };
      } else if (act === 'abuse_ncsei') {
        fields = {
          ...common,
          owner_notification: 'send-anon',
          // Whether the person filing is the person shown; the service files for them.
          ncsei_subject_representation: input.reporter?.role === 'victim',
          comments: clip(`${input.explanation}\n\nReference ${input.reference}.`, MAX_COMMENTS),
        };
      } else {
        fields = { ...common, owner_notification: 'send-anon', justification: clip(body, MAX_JUSTIFICATION), comments };
      }
      reports.push({ act, hostname, body: fields });
    }
  }
  return { noticeId: input.noticeId, reports, subject, text: body };
}

export function createCloudflareAdapter(options: {
  accountId?: string;
  apiToken?: string;
  identity: CloudflareIdentity;
  now?: () => number;
  apiBase?: string;
  /** Hosts Cloudflare itself serves content from (Pages, Workers, R2). */
  domains?: string[];
}): PlatformAdapter<CloudflareNotice> {
  const now = options.now ?? Date.now;
  const api = options.apiBase ?? CLOUDFLARE_API;
  const configured = !!(options.accountId && options.apiToken);
  const headers = () => ({
    authorization: `Bearer ${options.apiToken}`,
    'content-type': 'application/json',
    accept: 'application/json',
  });

  return {
    id: 'cloudflare',
    name: 'Cloudflare',
    domains: options.domains ?? ['pages.dev', 'workers.dev', 'r2.dev'],
    channel: 'cloudflare',
    buildNotice: (input) => buildCloudflareNotice(input, options.identity),
    async submit(notice, ctx): Promise<SubmitOutcome> {
      if (!configured) {
        return {
          kind: 'manual',
          reason: `Cloudflare's abuse-reports API is not configured (CLOUDFLARE_ACCOUNT_ID, CLOUDFLARE_API_TOKEN): file the report at ${CLOUDFLARE_ABUSE_FORM}`,
        };
      }
      // Reports go one by one; Cloudflare takes no idempotency key, so a retry after a partial
      // failure can file an earlier report of this notice again (the same URLs and reference).
      const ids: string[] = [];
      for (const report of notice.reports) {
        const res = await ctx.fetch(`${api}/accounts/${encodeURIComponent(options.accountId!)}/abuse-reports/${report.act}`, {
          method: 'POST',
          headers: headers(),
          body: JSON.stringify(report.body),
          signal: ctx.signal,
          redirect: 'manual',
        });
        const text = await res.text().catch(() => '');
        if (res.status === 429 || res.status >= 500) {
          throw new SendError(`Cloudflare HTTP ${res.status}`, {
            retryable: true,
            status: res.status,
            retryAfterMs: parseRetryAfter(res.headers.get('retry-after'), now()),
          });
        }
        if (res.status === 401 || res.status === 403) {
          return {
            kind: 'manual',
            reason: `Cloudflare refused the API token or the account is not entitled to abuse reports (HTTP ${res.status}): file the report at ${CLOUDFLARE_ABUSE_FORM}`,
          };
        }
        if (!res.ok) return { kind: 'rejected', reason: `Cloudflare HTTP ${res.status}: ${cloudflareErrors(text)}` };
        const id = reportId(text);
        if (id) ids.push(id);
      }
      const detail = `${notice.reports.length} report(s) to Cloudflare (${[...new Set(notice.reports.map((r) => r.hostname))].join(', ')})`;
      return { kind: 'accepted', ticketId: ids.length > 0 ? ids.join(',') : undefined, detail };
    },
    manualTask(notice): ManualTask {
      return {
        formUrl: CLOUDFLARE_ABUSE_FORM,
        text: `${notice.subject}\n\n${notice.text}`,
        checklist: [
          'choose the report type: child sexual abuse material, or non-consensual intimate imagery, or general',
          'the URLs, one hostname per report, at most 250 URLs each',
          'the explanation (the prepared text)',
          "the service's own name and e-mail, never the reporter's",
          'ask Cloudflare to forward the report to the hosting provider without contact details',
          'the report number Cloudflare sends by e-mail',
        ],
        caseworkerFields: ['ticketId', 'outcome', 'note'],
      };
    },
    // GET {api}/accounts/{account_id}/abuse-reports/{report_id}: `status` is `accepted` or
    // `in_review`, with a summary of mitigations. Whether the content is gone is for the URL
    // re-checks to say; here an accepted report with active mitigations is an acknowledgement.
    async checkStatus(ticketId, ctx): Promise<PlatformStatus> {
      if (!configured) return { kind: 'pending' };
      const statuses: PlatformStatus[] = [];
      for (const id of ticketId.split(',').filter(Boolean)) {
        const res = await ctx.fetch(`${api}/accounts/${encodeURIComponent(options.accountId!)}/abuse-reports/${encodeURIComponent(id)}`, {
          headers: headers(),
          signal: ctx.signal,
          redirect: 'manual',
        });
        if (res.status === 429 || res.status >= 500) {
          throw new SendError(`Cloudflare HTTP ${res.status}`, {
            retryable: true,
            status: res.status,
            retryAfterMs: parseRetryAfter(res.headers.get('retry-after'), now()),
          });
        }
        if (!res.ok) throw new SendError(`Cloudflare HTTP ${res.status} for report ${id}`, { retryable: false, status: res.status });
        const body = (await res.json().catch(() => null)) as { result?: CloudflareReportStatus } | null;
        statuses.push(statusFrom(body?.result));
      }
      if (statuses.length === 0) return { kind: 'pending' };
      if (statuses.every((s) => s.kind === 'acknowledged')) {
        return {
          kind: 'acknowledged',
          detail: statuses
            .map((s) => (s as { detail?: string }).detail)
            .filter(Boolean)
            .join('; '),
        };
      }
      return { kind: 'pending' };
    },
  };
}

interface CloudflareReportStatus {
  id?: string;
  status?: string;
  mitigation_summary?: { accepted_url_count?: number; active_count?: number; external_host_notified?: boolean };
}

function statusFrom(result: CloudflareReportStatus | undefined): PlatformStatus {
  if (!result || result.status !== 'accepted') return { kind: 'pending' };
  const m = result.mitigation_summary ?? {};
  const parts = ['accepted by Cloudflare'];
  if (m.active_count) parts.push(`${m.active_count} mitigation(s) active`);
  if (m.external_host_notified) parts.push('hosting provider notified');
  return { kind: 'acknowledged', detail: parts.join(', ') };
}

// The create call answers `{ success, result }`. The SDKs type `result` as the string "success";
// some answers carry the report's id instead (or an object with `id` / `abuse_rand`). Any id found
// is kept as the ticket, for checkStatus.
function reportId(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { result?: unknown };
    const r = body?.result;
    if (typeof r === 'string' && r !== 'success' && /^[A-Za-z0-9_-]{4,100}$/.test(r)) return r;
    if (r && typeof r === 'object') {
      const o = r as { id?: unknown; abuse_rand?: unknown };
      const id = o.id ?? o.abuse_rand;
      if (typeof id === 'string' && id) return id.slice(0, 100);
    }
  } catch {
    // not JSON: no id
  }
  return undefined;
}

function cloudflareErrors(text: string): string {
  try {
    const body = JSON.parse(text) as { errors?: Array<{ code?: number; message?: string }> };
    const list = (body.errors ?? []).map((e) => `${e.code ?? ''} ${e.message ?? ''}`.trim()).filter(Boolean);
    if (list.length > 0) return list.join('; ').slice(0, 500);
  } catch {
    // fall through
  }
  return text.slice(0, 500) || 'no detail';
}
