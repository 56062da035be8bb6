import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Config } from '../config.js';

// The address rate limits count against. Behind reverse proxies of one's own (TRUST_PROXY) it is
// read from X-Forwarded-For, where each proxy appends the address it was reached from: the entry
// TRUST_PROXY_HOPS from the right is the one the outermost proxy saw. Entries to the left of it
// were written by the client and prove nothing (a forged "10.0.0.7, " would otherwise be a fresh
// allowance per request). Without a proxy, the socket's peer, which a client cannot forge.
export function clientAddress(c: Context, config: Pick<Config, 'TRUST_PROXY' | 'TRUST_PROXY_HOPS'>): string {
  if (config.TRUST_PROXY) {
    const chain = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
    // A shorter chain than the proxies promised: the client spoke to an inner proxy directly, and
    // the first entry is the nearest thing to its address.
    const forwarded = chain[Math.max(0, chain.length - config.TRUST_PROXY_HOPS)];
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // app.request() in tests has no socket
    return 'unknown';
  }
}
