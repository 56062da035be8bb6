import type { Context } from 'hono';

// The origin people see in their address bar. Behind a reverse proxy that terminates TLS
// (TRUST_PROXY), the proxy's X-Forwarded-Proto and X-Forwarded-Host say it; otherwise the
// request URL does.
export function requestOrigin(c: Context, trustProxy: boolean): string {
  const url = new URL(c.req.url);
  if (!trustProxy) return url.origin;
  const proto = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim();
  const host = c.req.header('x-forwarded-host')?.split(',')[0]?.trim();
  return `${proto === 'https' || proto === 'http' ? proto : url.protocol.slice(0, -1)}://${host || url.host}`;
}

export function isHttps(c: Context, trustProxy: boolean): boolean {
  return requestOrigin(c, trustProxy).startsWith('https:');
}
