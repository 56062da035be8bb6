import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';

// The address rate limits count against. Behind a reverse proxy (TRUST_PROXY) it is the first
// hop in X-Forwarded-For; otherwise the socket's peer, which a client cannot forge.
export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // app.request() in tests has no socket
    return 'unknown';
  }
}
