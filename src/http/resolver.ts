import { promises as dns } from 'node:dns';

// Name resolution as a value, so the SSRF checks can be proven with a fake one and a test can
// point a made-up name at a loopback server.

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export type Resolver = (hostname: string, options?: { signal?: AbortSignal }) => Promise<ResolvedAddress[]>;

/** The name does not exist (NXDOMAIN), as opposed to a resolver that could not answer now. */
export class HostNotFoundError extends Error {
  readonly code = 'ENOTFOUND';
  constructor(hostname: string) {
    super(`host not found: ${hostname}`);
    this.name = 'HostNotFoundError';
  }
}

// Asks DNS directly (c-ares), not getaddrinfo: getaddrinfo runs on libuv's small thread pool and
// cannot be cancelled, so a few hanging names would stall file and crypto work for the whole
// process. It also leaves /etc/hosts out, which is right for names that come from outside.
export function createDnsResolver(options: { timeoutMs?: number; tries?: number; servers?: string[] } = {}): Resolver {
  return async (hostname, { signal } = {}) => {
    const resolver = new dns.Resolver({ timeout: options.timeoutMs ?? 3_000, tries: options.tries ?? 2 });
    if (options.servers) resolver.setServers(options.servers);
    const cancel = () => resolver.cancel();
    signal?.addEventListener('abort', cancel, { once: true });
    try {
      const [v4, v6] = await Promise.allSettled([resolver.resolve4(hostname), resolver.resolve6(hostname)]);
      const found: ResolvedAddress[] = [
        ...(v4.status === 'fulfilled' ? v4.value.map((address) => ({ address, family: 4 as const })) : []),
        ...(v6.status === 'fulfilled' ? v6.value.map((address) => ({ address, family: 6 as const })) : []),
      ];
      if (found.length > 0) return found;
      const codes = [v4, v6].map((r) => (r.status === 'rejected' ? (r.reason as { code?: string }).code : 'ENODATA'));
      // NXDOMAIN (ENOTFOUND), or a name that exists with no address at all: nothing can be served
      // from it. Anything else (SERVFAIL, a timeout, a refused query) may answer later.
      if (codes.every((c) => c === 'ENOTFOUND' || c === 'ENODATA')) throw new HostNotFoundError(hostname);
      const failure = [v4, v6].find((r) => r.status === 'rejected') as PromiseRejectedResult;
      throw failure.reason;
    } finally {
      signal?.removeEventListener('abort', cancel);
    }
  };
}

export const systemResolver: Resolver = createDnsResolver();

/** A resolver that answers from a table, for tests: names not in it do not exist. */
export function staticResolver(table: Record<string, string | string[]>): Resolver {
  return async (hostname) => {
    const entry = table[hostname.toLowerCase()];
    if (entry === undefined) throw new HostNotFoundError(hostname);
    return (Array.isArray(entry) ? entry : [entry]).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
}
