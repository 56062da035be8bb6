import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { Keyring } from '../privacy/seal.js';
import { isHttps } from './request-origin.js';

// Signed double-submit token. The browser holds a random value in a cookie; each form carries
// HMAC(key, value) in a hidden field. A page on another site can make the browser send the
// cookie but can neither read it nor compute the field, so a forged post fails. This sits behind
// the Origin / Sec-Fetch-Site check (hono's csrf middleware), which stops forged posts in every
// current browser; the token covers browsers and proxies that drop those headers.

export const CSRF_COOKIE = 'form_guard';
export const CSRF_FIELD = 'csrf';

export interface CsrfTokens {
  /** The hidden field value for this browser, setting the cookie first when it has none. */
  issue(c: Context): string;
  /** True when the posted field matches this browser's cookie. */
  verify(c: Context, field: unknown): boolean;
}

export function createCsrfTokens(options: { keyring: Keyring; trustProxy: boolean }): CsrfTokens {
  const dataKey = options.keyring.keys.get(options.keyring.currentId);
  if (!dataKey) throw new Error('the keyring has no current key');
  // A key of its own, derived from the data key, so a token never reveals anything about it and
  // stays valid across restarts and instances.
  const key = Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), 'takedown form guard v1', 32));
  const sign = (value: string) => createHmac('sha256', key).update(value).digest('base64url');
  const wellFormed = (value: string | undefined): value is string => typeof value === 'string' && /^[A-Za-z0-9_-]{43}$/.test(value);

  return {
    issue(c) {
      let value = getCookie(c, CSRF_COOKIE);
      if (!wellFormed(value)) {
        value = randomBytes(32).toString('base64url');
        // A session cookie: nothing stays on a shared device after the browser closes.
        setCookie(c, CSRF_COOKIE, value, { path: '/', httpOnly: true, sameSite: 'Strict', secure: isHttps(c, options.trustProxy) });
      }
      return sign(value);
    },
    verify(c, field) {
      const value = getCookie(c, CSRF_COOKIE);
      if (!wellFormed(value) || typeof field !== 'string') return false;
      const expected = Buffer.from(sign(value));
      const given = Buffer.from(field);
      return expected.length === given.length && timingSafeEqual(expected, given);
    },
  };
}
