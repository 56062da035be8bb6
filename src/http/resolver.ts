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

export const systemResolver: Resolver = async (hostname) => {
  try {
    const found = await dns.lookup(hostname, { all: true, verbatim: true });
    if (found.length === 0) throw new HostNotFoundError(hostname);
    return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
  } catch (err) {
    // ENOTFOUND is getaddrinfo's EAI_NONAME: the name (or its addresses) does not exist.
    // EAI_AGAIN and friends are a resolver that may answer later, and stay errors.
    if ((err as { code?: string }).code === 'ENOTFOUND') throw new HostNotFoundError(hostname);
    throw err;
  }
};

/** A resolver that answers from a table, for tests: names not in it do not exist. */
export function staticResolver(table: Record<string, string | string[]>): Resolver {
  return async (hostname) => {
    const entry = table[hostname.toLowerCase()];
    if (entry === undefined) throw new HostNotFoundError(hostname);
    return (Array.isArray(entry) ? entry : [entry]).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
}
