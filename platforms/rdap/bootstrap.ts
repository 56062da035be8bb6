import ipaddr from 'ipaddr.js';
import type { FetchLike } from '../types.js';

// RFC 9224: IANA publishes which RDAP server answers for each top-level domain (dns.json) and
// each IP block (ipv4.json, ipv6.json). The files change a few times a year, so they are fetched
// once a day at most and kept in memory.

export const IANA_RDAP_BOOTSTRAP = 'https://data.iana.org/rdap/';

interface BootstrapFile {
  services: Array<[string[], string[]]>;
}

type Kind = 'dns' | 'ipv4' | 'ipv6';

export interface RdapBootstrap {
  /** RDAP base URLs (https first) for a domain name, from its longest matching entry. */
  serversForDomain(domain: string, signal?: AbortSignal): Promise<string[]>;
  /** RDAP base URLs for the registry (RIR) of an IP address. */
  serversForIp(address: string, signal?: AbortSignal): Promise<string[]>;
}

export function createRdapBootstrap(options: { fetch: FetchLike; now: () => number; ttlMs?: number; baseUrl?: string }): RdapBootstrap {
  const ttlMs = options.ttlMs ?? 24 * 3_600_000;
  const base = options.baseUrl ?? IANA_RDAP_BOOTSTRAP;
  const files = new Map<Kind, { at: number; file: BootstrapFile }>();
  const loading = new Map<Kind, Promise<BootstrapFile>>();

  async function load(kind: Kind, signal?: AbortSignal): Promise<BootstrapFile> {
    const cached = files.get(kind);
    if (cached && options.now() - cached.at < ttlMs) return cached.file;
    let pending = loading.get(kind);
    if (!pending) {
      pending = (async () => {
        const res = await options.fetch(`${base}${kind}.json`, { headers: { accept: 'application/json' }, signal });
        if (!res.ok) throw new Error(`RDAP bootstrap ${kind}.json: HTTP ${res.status}`);
        const file = (await res.json()) as BootstrapFile;
        if (!Array.isArray(file?.services)) throw new Error(`RDAP bootstrap ${kind}.json: no services`);
        files.set(kind, { at: options.now(), file });
        return file;
      })().finally(() => loading.delete(kind));
      loading.set(kind, pending);
    }
    try {
      return await pending;
    } catch (err) {
      // A stale file beats none: the blocks it lists rarely move.
      if (cached) return cached.file;
      throw err;
    }
  }

  return {
    async serversForDomain(domain, signal) {
      const file = await load('dns', signal);
      const name = domain.toLowerCase().replace(/\.$/, '');
      let best: { length: number; urls: string[] } | undefined;
      for (const [entries, urls] of file.services) {
        for (const entry of entries) {
          const e = entry.toLowerCase();
          if ((name === e || name.endsWith(`.${e}`)) && (!best || e.length > best.length)) best = { length: e.length, urls };
        }
      }
      return best ? preferHttps(best.urls) : [];
    },
    async serversForIp(address, signal) {
      if (!ipaddr.isValid(address)) return [];
      const parsed = ipaddr.parse(address);
      const file = await load(parsed.kind() === 'ipv4' ? 'ipv4' : 'ipv6', signal);
      let best: { bits: number; urls: string[] } | undefined;
      for (const [entries, urls] of file.services) {
        for (const entry of entries) {
          let range: [ipaddr.IPv4 | ipaddr.IPv6, number];
          try {
            range = ipaddr.parseCIDR(entry);
          } catch {
            continue;
          }
          if (range[0].kind() !== parsed.kind()) continue;
          if (parsed.match(range) && (!best || range[1] > best.bits)) best = { bits: range[1], urls };
        }
      }
      return best ? preferHttps(best.urls) : [];
    },
  };
}

// Plain-http servers are used only where a registry lists no https one: an answer that can be
// tampered with in transit would send victims' notices to whoever tampered.
function preferHttps(urls: string[]): string[] {
  const withSlash = urls.map((u) => (u.endsWith('/') ? u : `${u}/`));
  const https = withSlash.filter((u) => u.startsWith('https:'));
  return https.length > 0 ? https : withSlash;
}
