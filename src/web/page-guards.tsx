import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { csrf } from 'hono/csrf';
import { secureHeaders } from 'hono/secure-headers';
import type { PageContext } from './page-context.js';
import { ProblemPage } from './pages/problem-page.js';
import { renderPage } from './page-context.js';

// The largest filing the form itself accepts must fit: 200 links of up to 2,048 characters, which
// the browser percent-encodes (':', '/', '?', '&' and '=' take three bytes each), and the
// explanation. 64 KiB, the API's limit for JSON, refused ordinary long links a third of the way in.
export const MAX_FORM_BYTES = 2 * 1024 * 1024;

// Headers of every page: a Content-Security-Policy that allows our own stylesheet and script and
// nothing else (no inline code, no other origin, no frames, forms only to us), Trusted Types so
// no script can write HTML, and a Permissions-Policy that switches off what the pages never use.
export function pageHeaders(): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      formAction: ["'self'"],
      baseUri: ["'none'"],
      frameAncestors: ["'none'"],
      requireTrustedTypesFor: ["'script'"],
      trustedTypes: ["'none'"],
    },
    crossOriginEmbedderPolicy: true,
    crossOriginOpenerPolicy: true,
    crossOriginResourcePolicy: 'same-origin',
    // same-origin, not no-referrer: under no-referrer a browser sends `Origin: null` even on a post
    // to our own pages, and sameOriginPosts then rests on Sec-Fetch-Site alone, which older browsers
    // (Safari before 16.4) do not send: their posts were refused and what the person typed was lost.
    // Accepting `Origin: null` when the form token verifies would be weaker: the language switcher
    // and the status lookup post without a token. With same-origin nothing leaves for other sites
    // (the status secret is never in a URL anyway), and our own origin is sent to ourselves.
    referrerPolicy: 'same-origin',
    xFrameOptions: 'DENY',
    permissionsPolicy: {
      camera: [],
      microphone: [],
      geolocation: [],
      payment: [],
      usb: [],
      fullscreen: [],
      displayCapture: [],
      browsingTopics: [],
    },
  });
}

// Every page post must come from our own pages: the browser's Origin / Sec-Fetch-Site headers
// say so (hono's csrf middleware); state-changing posts also carry a signed token (csrf-token.ts).
export function sameOriginPosts(ctx: PageContext): MiddlewareHandler {
  return csrf({ origin: (origin, c) => origin === ctx.origin(c), secFetchSite: 'same-origin' });
}

export function formBodyLimit(ctx: PageContext): MiddlewareHandler {
  return bodyLimit({
    maxSize: MAX_FORM_BYTES,
    onError: (c) => {
      const ui = ctx.uiFor(c);
      return renderPage(c, <ProblemPage ui={ui} message={ui.t('form.tooLarge')} />, 413);
    },
  });
}
