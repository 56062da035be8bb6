import { createHash } from 'node:crypto';
import { getDomain } from 'tldts';
import { HostNotFoundError } from '../http/resolver.js';
import type { SafeHttp } from '../http/safe-fetch.js';
import { SsrfError } from '../http/ssrf-guard.js';

export type UrlCheckOutcome = 'gone' | 'online' | 'inconclusive';

export interface UrlCheckResult {
  outcome: UrlCheckOutcome;
  statusCode: number | null;
  /** SHA-256 of the first bytes served; lets a later check tell a changed page from the same one. */
  contentHash: string | null;
  /** A few words for the record: never any of the content. */
  detail: string;
  durationMs: number;
}

// Answers that mean the content is not served at that address any more (RFC 9110; 451: RFC 7725).
const GONE = new Set([404, 410, 451]);
// The first bytes only: enough to fingerprint the page, too few to hold an image worth the name.
export const RANGE_BYTES = 16 * 1024;

// HEAD first, which costs the host little and says early whether the address still answers; then
// a small ranged GET, because many servers answer HEAD wrongly (405, 404, or 200 for everything),
// and a wrong "gone" would close a victim's case: the GET's answer decides. Nothing read is kept
// but its hash. Anything that is neither a clear "gone" nor a clear "served" (401/403 behind a
// login, a redirect to a sign-in page or another site, 5xx, timeouts, refused addresses) decides
// nothing: the next check looks again.
export async function checkUrl(options: { http: SafeHttp; url: string; now: () => number }): Promise<UrlCheckResult> {
  const { http, url, now } = options;
  const started = now();
  const done = (r: Omit<UrlCheckResult, 'durationMs'>): UrlCheckResult => ({ ...r, durationMs: Math.max(0, now() - started) });
  try {
    const head = await http.request(url, { method: 'HEAD', maxBytes: 0 });
    const get = await http.request(url, {
      method: 'GET',
      headers: { range: `bytes=0-${RANGE_BYTES - 1}`, accept: '*/*' },
      maxBytes: RANGE_BYTES,
    });
    const headNote = head.status !== get.status ? ` (HEAD ${head.status})` : '';
    if (GONE.has(get.status)) {
      return done({ outcome: 'gone', statusCode: get.status, contentHash: null, detail: `HTTP ${get.status}${headNote}` });
    }
    if (get.redirects > 0 && !sameSite(url, get.url)) {
      return done({
        outcome: 'inconclusive',
        statusCode: get.status,
        contentHash: null,
        detail: `redirected to another site (HTTP ${get.status})`,
      });
    }
    if (get.redirects > 0 && SIGN_IN.test(new URL(get.url).pathname)) {
      return done({
        outcome: 'inconclusive',
        statusCode: get.status,
        contentHash: null,
        detail: `redirected to a sign-in page (HTTP ${get.status})`,
      });
    }
    // 416: the range did not fit, so the resource exists (and is empty or shorter).
    if ((get.status >= 200 && get.status < 300) || get.status === 416) {
      const hash = get.body.byteLength > 0 ? createHash('sha256').update(get.body).digest('hex') : null;
      const via = get.redirects > 0 ? ` after ${get.redirects} redirect(s)` : '';
      return done({ outcome: 'online', statusCode: get.status, contentHash: hash, detail: `HTTP ${get.status}${via}${headNote}` });
    }
    return done({ outcome: 'inconclusive', statusCode: get.status, contentHash: null, detail: `HTTP ${get.status}${headNote}` });
  } catch (err) {
    if (err instanceof HostNotFoundError || (err as { cause?: unknown }).cause instanceof HostNotFoundError) {
      return done({ outcome: 'gone', statusCode: null, contentHash: null, detail: 'host not found' });
    }
    return done({ outcome: 'inconclusive', statusCode: null, contentHash: null, detail: describeFailure(err) });
  }
}

const SIGN_IN = /(^|\/)(login|log-in|signin|sign-in|sign_in|accounts\/login|auth|consent|challenge|checkpoint)(\/|$|\.)/i;

// Same registrable domain (public-suffix list). A page that sends every visitor to another site
// says nothing about whether the reported content exists.
function sameSite(a: string, b: string): boolean {
  const site = (u: string) => {
    const host = new URL(u).hostname;
    return getDomain(host, { allowPrivateDomains: true }) ?? host;
  };
  return site(a) === site(b);
}

function describeFailure(err: unknown): string {
  if (err instanceof SsrfError) return `refused: ${err.message}`;
  if ((err as { cause?: unknown }).cause instanceof SsrfError) return `refused: ${(err as { cause: SsrfError }).cause.message}`;
  const e = err as { name?: string; code?: string; cause?: { code?: string; name?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError' || e?.cause?.name === 'TimeoutError') return 'timeout';
  const code = e?.cause?.code ?? e?.code;
  return code ? `network error (${code})` : 'network error';
}
