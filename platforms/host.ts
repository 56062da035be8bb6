import { createHash } from 'node:crypto';
import { parse } from 'tldts';
import { z } from 'zod';
import { buildEmailNotice, createEmailAdapter } from './channels/email.js';
import { createManualAdapter } from './channels/manual.js';
import { hostOfUrl } from './host-name.js';
import { forwardableReporter } from './notice-rules.js';
import { findHostRoute, type HostLookup, type HostRoute } from './rdap/find-host-route.js';
import type { Mailer, ManualTask, NoticeInput, PlatformAdapter, SendContext, SubmitOutcome } from './types.js';

// A URL no platform claims goes to whoever hosts it: the abuse contact of the network its host is
// in (RDAP), by e-mail; Cloudflare's abuse route when the host is behind Cloudflare; and when
// nothing is found in time, a caseworker, told what was tried. Nothing is dropped.
export const HOST_PREFIX = 'host:';

export function hostPlatformId(registrableDomain: string): string {
  return `${HOST_PREFIX}${registrableDomain}`;
}

export interface HostRouteDeps {
  /** Without it (no look-ups configured) every host submission becomes manual work. */
  lookup?: HostLookup;
  mailer: Mailer;
  /** The `cloudflare` adapter, for hosts behind Cloudflare. */
  cloudflare?: PlatformAdapter;
}

export interface HostNotice {
  domain: string;
  /** Destination is decided at send time, so the notice keeps what each channel builds from. */
  input: NoticeInput;
}

export const hostNoticeSchema = z.object({
  domain: z.string().min(1),
  input: z.object({
    noticeId: z.string().min(1),
    reference: z.string().min(1),
    urls: z.array(z.url()).min(1),
    // Already reduced to what may be forwarded: never a phone number.
    reporter: z.object({ role: z.string(), name: z.string().optional(), email: z.string().optional() }).strict().nullable(),
    goodFaith: z.literal(true),
  }),
});

// At most this many distinct hosts are looked up for one notice; the rest follow the first host's route.
const MAX_HOSTS = 10;

const manualChecklist = [
  "find the hosting provider's abuse contact (RDAP or whois of the host's IP address, then of the domain)",
  'if the site is behind a CDN or proxy (Cloudflare and the like), report to that provider',
  'send the prepared text to that contact',
  'record the ticket number or the answer',
];

export function createHostAdapter(platformId: string, deps?: HostRouteDeps): PlatformAdapter<HostNotice> {
  const domain = platformId.slice(HOST_PREFIX.length);
  const name = `Hosting provider of ${domain}`;
  const manual = createManualAdapter({ id: platformId, name, domains: [domain], formUrl: null, checklist: manualChecklist });

  return {
    id: platformId,
    name,
    domains: [domain],
    channel: 'host',
    // The reporter is reduced here too: the adapter must not rely on its caller for that.
    buildNotice: (input) => ({ domain, input: { ...input, reporter: forwardableReporter(input.category, input.reporter) } }),
    manualTask(notice): ManualTask {
      return manual.manualTask!(manual.buildNotice(notice.input));
    },
    async submit(notice, ctx): Promise<SubmitOutcome> {
      if (!deps?.lookup) return { kind: 'manual', reason: 'no abuse-contact look-up is configured for hosting providers' };
      const lookup = deps.lookup;
      const hosts = [...new Set(notice.input.urls.map(hostOfUrl))];
      const routes = new Map<string, HostRoute>();
      for (const host of hosts.slice(0, MAX_HOSTS)) {
        const registrableDomain = parse(host, { allowPrivateDomains: false }).domain ?? notice.domain;
        routes.set(host, await findHostRoute(lookup, { host, registrableDomain, signal: ctx.signal }));
      }
      const first = routes.get(hosts[0]!)!;
      for (const host of hosts.slice(MAX_HOSTS)) routes.set(host, first);

      // URLs grouped by where they go: one e-mail per set of recipients, one Cloudflare filing.
      const groups = new Map<string, { route: HostRoute; urls: string[] }>();
      for (const url of notice.input.urls) {
        const route = routes.get(hostOfUrl(url))!;
        const key = route.kind === 'email' ? `email:${route.to.join(',')}` : route.kind;
        const g = groups.get(key) ?? { route, urls: [] };
        g.urls.push(url);
        groups.set(key, g);
      }

      const sent: string[] = [];
      const manual: string[] = [];
      const ticketIds: string[] = [];
      for (const [key, group] of groups) {
        const input = { ...notice.input, urls: group.urls };
        const route = group.route;
        if (route.kind === 'none') {
          manual.push(`no abuse contact found for ${describeHosts(group.urls)}: ${route.tried.join('; ') || 'nothing to try'}`);
          continue;
        }
        if (route.kind === 'cloudflare') {
          if (!deps.cloudflare) {
            manual.push(`${describeHosts(group.urls)} is behind Cloudflare (${route.source}), and no Cloudflare route is configured`);
            continue;
          }
          const outcome = await deps.cloudflare.submit(deps.cloudflare.buildNotice(input), ctx);
          if (outcome.kind === 'accepted') {
            sent.push(`Cloudflare (${route.source})`);
            if (outcome.ticketId) ticketIds.push(outcome.ticketId);
          } else if (outcome.kind === 'manual') manual.push(`behind Cloudflare (${route.source}): ${outcome.reason}`);
          else return { kind: 'rejected', reason: `Cloudflare: ${outcome.reason}` };
          continue;
        }
        const email = createEmailAdapter({
          id: notice.domain,
          name,
          domains: [],
          channel: { type: 'email', to: route.to },
          mailer: deps.mailer,
        });
        // One Message-ID per destination, stable across retries of this notice.
        const groupCtx: SendContext = groups.size === 1 ? ctx : { ...ctx, idempotencyKey: `${ctx.idempotencyKey}.${shortHash(key)}` };
        // Abuse desks found through RDAP work in English wherever they are.
        const outcome = await email.submit(buildEmailNotice(input, { to: route.to, language: 'en' }), groupCtx);
        if (outcome.kind !== 'accepted') return outcome;
        sent.push(`${route.to.join(', ')}${route.provider ? ` (${route.provider})` : ''}, found by ${route.source}`);
      }

      if (manual.length > 0) {
        const already = sent.length > 0 ? ` Already sent to: ${sent.join('; ')}.` : '';
        return { kind: 'manual', reason: `${manual.join(' | ')}.${already}`.slice(0, 2000) };
      }
      return { kind: 'accepted', ticketId: ticketIds.length ? ticketIds.join(',') : undefined, detail: `sent to ${sent.join('; ')}` };
    },
  };
}

function describeHosts(urls: string[]): string {
  return [...new Set(urls.map((u) => new URL(u).hostname))].join(', ');
}

function shortHash(s: string): string {
  return createHash('sha256').update(s).digest('hex').slice(0, 10);
}
