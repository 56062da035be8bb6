import type { Context } from 'hono';
import { setCookie } from 'hono/cookie';
import { detectFromCookie, detectFromHeader, detectFromQuery, type DetectorOptions } from 'hono/language';
import { locales, type Locale } from '../../platforms/types.js';
import { isHttps } from './request-origin.js';

export const LOCALE_COOKIE = 'lang';
export const LOCALE_QUERY = 'lang';

const detector: DetectorOptions = {
  order: ['querystring', 'cookie', 'header'],
  lookupQueryString: LOCALE_QUERY,
  lookupCookie: LOCALE_COOKIE,
  lookupFromPathIndex: 0,
  lookupFromHeaderKey: 'accept-language',
  caches: false,
  ignoreCase: true,
  fallbackLanguage: 'en',
  supportedLanguages: [...locales],
};

// The page's language: an explicit choice (?lang=, from the switcher) wins and is remembered for
// the browser session; then that remembered choice; then Accept-Language; English for anyone
// whose browser asks for none of the four. The cookie lives only for the session, so it leaves no
// lasting trace on a shared device.
export function pageLocale(c: Context, trustProxy: boolean): Locale {
  const chosen = detectFromQuery(c, detector) as Locale | undefined;
  if (chosen) {
    setCookie(c, LOCALE_COOKIE, chosen, { path: '/', httpOnly: true, sameSite: 'Lax', secure: isHttps(c, trustProxy) });
    return chosen;
  }
  return ((detectFromCookie(c, detector) ?? detectFromHeader(c, detector)) as Locale | undefined) ?? 'en';
}
