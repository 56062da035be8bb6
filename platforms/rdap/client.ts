import { parseRetryAfter, SendError } from '../send-error.js';
import type { FetchLike } from '../types.js';
import type { RdapBootstrap } from './bootstrap.js';
import type { RdapObject } from './entities.js';

export class RdapNotFound extends Error {
  constructor(what: string) {
    super(`RDAP has no record of ${what}`);
    this.name = 'RdapNotFound';
  }
}

// One RDAP query (RFC 9082): `{base}domain/{name}` or `{base}ip/{address}`, tried on each server the
// bootstrap names until one answers. Redirects (ARIN hands IP queries for other regions on to
// their registry) are followed by the fetch it is given, which checks every hop.
export async function rdapQuery(options: {
  fetch: FetchLike;
  bootstrap: RdapBootstrap;
  kind: 'domain' | 'ip';
  query: string;
  signal?: AbortSignal;
  now: () => number;
}): Promise<{ server: string; object: RdapObject }> {
  const { fetch, bootstrap, kind, query, signal } = options;
  const servers = kind === 'domain' ? await bootstrap.serversForDomain(query, signal) : await bootstrap.serversForIp(query, signal);
  if (servers.length === 0) throw new Error(`no RDAP server is listed for ${kind} ${query}`);
  let lastError: unknown;
  for (const server of servers.slice(0, 2)) {
    try {
      const res = await fetch(`${server}${kind}/${encodeURIComponent(query)}`, {
        headers: { accept: 'application/rdap+json, application/json;q=0.9' },
        signal,
      });
      if (res.status === 404) throw new RdapNotFound(`${kind} ${query}`);
      // Registries limit queries per client; being told to wait is not "nothing found".
      if (res.status === 429) {
        throw new SendError(`RDAP ${new URL(server).host} asks us to slow down (HTTP 429)`, {
          retryable: true,
          status: 429,
          retryAfterMs: parseRetryAfter(res.headers.get('retry-after'), options.now()),
        });
      }
      if (!res.ok) throw new Error(`RDAP ${new URL(server).host}: HTTP ${res.status}`);
      const object = (await res.json()) as RdapObject;
      if (!object || typeof object !== 'object') throw new Error(`RDAP ${new URL(server).host}: not an RDAP object`);
      return { server, object };
    } catch (err) {
      if (err instanceof RdapNotFound || err instanceof SendError || signal?.aborted) throw err;
      lastError = err;
    }
  }
  throw lastError;
}
