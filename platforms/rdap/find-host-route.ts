import { isIP } from 'node:net';
import { isCloudflareAddress } from '../channels/cloudflare-ranges.js';
import { normalHost } from '../host-name.js';
import { SendError } from '../send-error.js';
import type { FetchLike } from '../types.js';
import type { RdapBootstrap } from './bootstrap.js';
import { rdapQuery, RdapNotFound } from './client.js';
import { abuseEmails, holderName, namesIn } from './entities.js';

// Where a notice about a host no platform claims should go. The hosting provider is whoever holds
// the network the host's addresses are in, so the IP's RDAP record (at its regional registry) is
// asked first for its abuse contact; the domain's record (its registrar's abuse contact, which
// ICANN requires registrars to act on) is the fallback. A host behind Cloudflare hides its real
// provider: its reports go to Cloudflare, which forwards them.

export type HostRoute =
  | { kind: 'email'; to: string[]; provider: string | null; source: string }
  | { kind: 'cloudflare'; source: string }
  | { kind: 'none'; tried: string[] };

/** Remembers routes found per host; the service keeps them in its database. */
export interface AbuseContactCache {
  get(host: string): Promise<HostRoute | undefined>;
  set(host: string, route: HostRoute, ttlMs: number): Promise<void>;
}

export type ResolveHost = (hostname: string, options?: { signal?: AbortSignal }) => Promise<Array<{ address: string; family: 4 | 6 }>>;

export interface HostLookup {
  /** SSRF-safe: RDAP servers come from bootstrap files and redirects, not from us. */
  fetch: FetchLike;
  resolve: ResolveHost;
  bootstrap: RdapBootstrap;
  cache?: AbuseContactCache;
  /** The whole look-up of one host, DNS and RDAP together. */
  timeoutMs: number;
  /** How long a found contact is remembered. */
  ttlMs: number;
  /** The service's clock: a registry's Retry-After date is read against it. */
  now: () => number;
}

const CLOUDFLARE = /cloudflare/i;

export async function findHostRoute(
  lookup: HostLookup,
  options: { host: string; registrableDomain: string; signal?: AbortSignal },
): Promise<HostRoute> {
  const host = normalHost(options.host);
  const cached = await lookup.cache?.get(host).catch(() => undefined);
  if (cached) return cached;

  const deadline = AbortSignal.timeout(lookup.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
  const tried: string[] = [];
  const route = await search(lookup, { host, domain: options.registrableDomain, signal, tried }).catch((err: unknown) => {
    // A registry asking us to wait: the send is retried later, not handed to a person.
    if (err instanceof SendError) throw err;
    tried.push(deadline.aborted ? `gave up after ${duration(lookup.timeoutMs)}` : `look-up failed: ${message(err)}`);
    return undefined;
  });
  if (options.signal?.aborted) throw options.signal.reason;
  if (!route) return { kind: 'none', tried };
  await lookup.cache?.set(host, route, lookup.ttlMs).catch(() => undefined);
  return route;
}

async function search(
  lookup: HostLookup,
  ctx: { host: string; domain: string; signal: AbortSignal; tried: string[] },
): Promise<HostRoute | undefined> {
  const { host, domain, signal, tried } = ctx;
  let addresses: string[] = [];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = (await lookup.resolve(host, { signal })).map((a) => a.address);
      if (addresses.length === 0) tried.push(`DNS: ${host} has no address`);
    } catch (err) {
      if (signal.aborted) throw err;
      const code = (err as { code?: string }).code;
      tried.push(code === 'ENOTFOUND' ? `DNS: ${host} does not exist` : `DNS: no answer for ${host} (${code ?? message(err)})`);
    }
  }

  const behindCloudflare = addresses.find(isCloudflareAddress);
  if (behindCloudflare) return { kind: 'cloudflare', source: `${host} resolves to ${behindCloudflare}, in Cloudflare's published ranges` };

  // One address per family is enough: a host's addresses of one family sit in one provider's network.
  const sample = [addresses.find((a) => isIP(a) === 4), addresses.find((a) => isIP(a) === 6)].filter((a): a is string => !!a);
  for (const address of sample) {
    try {
      const { server, object } = await rdapQuery({
        fetch: lookup.fetch,
        bootstrap: lookup.bootstrap,
        kind: 'ip',
        query: address,
        signal,
        now: lookup.now,
      });
      const where = `RDAP (${new URL(server).host}) for ${address}`;
      if (namesIn(object).some((n) => CLOUDFLARE.test(n))) return { kind: 'cloudflare', source: `${where}: the network is Cloudflare's` };
      const to = abuseEmails(object);
      if (to.length > 0) return { kind: 'email', to, provider: holderName(object), source: where };
      tried.push(`${where}: no abuse contact`);
    } catch (err) {
      if (signal.aborted || err instanceof SendError) throw err;
      tried.push(`RDAP for ${address}: ${message(err)}`);
    }
  }

  if (!isIP(host)) {
    try {
      const { server, object } = await rdapQuery({
        fetch: lookup.fetch,
        bootstrap: lookup.bootstrap,
        kind: 'domain',
        query: domain,
        signal,
        now: lookup.now,
      });
      const where = `RDAP (${new URL(server).host}) for the domain ${domain}`;
      const to = abuseEmails(object);
      if (to.length > 0) return { kind: 'email', to, provider: registrarName(object), source: `${where} (the registrar's abuse contact)` };
      tried.push(`${where}: no abuse contact`);
    } catch (err) {
      if (signal.aborted || err instanceof SendError) throw err;
      tried.push(err instanceof RdapNotFound ? `RDAP: the domain ${domain} is not registered` : `RDAP for ${domain}: ${message(err)}`);
    }
  }
  return undefined;
}

function registrarName(object: { entities?: Array<{ roles?: string[]; vcardArray?: unknown }> }): string | null {
  const registrar = object.entities?.find((e) => e.roles?.includes('registrar'));
  const card = registrar?.vcardArray;
  if (!Array.isArray(card) || !Array.isArray(card[1])) return null;
  const fn = (card[1] as unknown[][]).find((p) => Array.isArray(p) && p[0] === 'fn');
  return typeof fn?.[3] === 'string' ? `registrar ${fn[3]}` : null;
}

const duration = (ms: number) => (ms >= 1_000 ? `${Math.round(ms / 1_000)} s` : `${ms} ms`);

function message(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { message?: string; code?: string } };
  if (e?.name === 'TimeoutError') return 'timed out';
  const cause = e?.cause?.message ?? e?.cause?.code;
  return `${e?.message ?? String(err)}${cause ? ` (${cause})` : ''}`.slice(0, 200);
}
