import type { Context } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { AppDeps } from '../app-deps.js';
import { createCsrfTokens, type CsrfTokens } from './csrf-token.js';
import { translatorFor } from './i18n.js';
import { pageLocale } from './locale.js';
import type { PageUi } from './page-ui.js';
import { requestOrigin } from './request-origin.js';

/** What the page routes share: the app's dependencies and the web-only helpers built on them. */
export interface PageContext {
  deps: AppDeps;
  csrf: CsrfTokens;
  /** The page's language (and remembers a choice made with the switcher). */
  uiFor(c: Context): PageUi;
  origin(c: Context): string;
}

export function createPageContext(deps: AppDeps): PageContext {
  const trustProxy = deps.config.TRUST_PROXY;
  return {
    deps,
    csrf: createCsrfTokens({ keyring: deps.keyring, trustProxy }),
    uiFor(c) {
      const locale = pageLocale(c, trustProxy);
      return { locale, t: translatorFor(locale), quickExitUrl: deps.config.QUICK_EXIT_URL };
    },
    origin: (c) => requestOrigin(c, trustProxy),
  };
}

// Pages are never stored by a browser or a proxy: they carry a person's case, a form token or a
// language choice, and a shared device must not show them again from its cache.
export function renderPage(c: Context, page: JSX.Element, status: 200 | 201 | 400 | 403 | 404 | 409 | 413 | 429 | 500 = 200): Response {
  c.header('cache-control', 'no-store');
  c.header('vary', 'accept-language, cookie');
  return c.html(`<!DOCTYPE html>${String(page)}`, status) as Response;
}
