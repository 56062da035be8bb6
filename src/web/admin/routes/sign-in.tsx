import { getCookie, setCookie } from 'hono/cookie';
import { randomBytes } from 'node:crypto';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { recordAudit } from '../../../accounts/audit.js';
import { csrfTokenFor, csrfTokenMatches } from '../../../accounts/sessions.js';
import { signIn } from '../../../accounts/sign-in.js';
import type { AppDeps } from '../../../app-deps.js';
import { clientAddress } from '../../../api/client-address.js';
import { formOf, render, uiFor, type DashboardApp, type DashboardContext } from '../context.js';
import { SignInPage } from '../pages/sign-in-page.js';
import { isHttps } from '../../request-origin.js';
import { beginSession, finishSession } from '../session.js';

// Before sign-in there is no session to tie the form to, so the sign-in form carries a token tied
// to a short-lived random cookie of its own (login CSRF would otherwise sign a victim into an
// attacker's account).
const PRE_COOKIE = 'td_signin';

function preToken(c: DashboardContext, deps: AppDeps): string {
  let value = getCookie(c, PRE_COOKIE);
  if (!value || !/^[A-Za-z0-9_-]{43}$/.test(value)) {
    value = randomBytes(32).toString('base64url');
    setCookie(c, PRE_COOKIE, value, {
      path: '/admin/sign-in',
      httpOnly: true,
      sameSite: 'Strict',
      secure: isHttps(c, deps.config.TRUST_PROXY),
    });
  }
  return csrfTokenFor(value);
}

// Where to go after signing in: only a path of ours, never another site.
export function safeNext(next: string | undefined, fallback: string): string {
  return next && /^\/(admin|org)(\/[\w\-./?=&%]*)?$/.test(next) && !next.startsWith('//') ? next : fallback;
}

export function registerSignIn(app: DashboardApp, deps: AppDeps): void {
  // Per client address, beside the per-account lock: guessing across many accounts is slowed too.
  const perAddress = new RateLimiterMemory({ points: 20, duration: 15 * 60 });

  app.get('/admin/sign-in', (c) => {
    const ui = { ...uiFor(c), csrf: preToken(c, deps) };
    const expired = c.req.query('msg') === 'expired' ? ui.t('signIn.expired') : undefined;
    return render(c, <SignInPage ui={ui} next={safeNext(c.req.query('next'), '')} error={expired} />);
  });

  app.post('/admin/sign-in', async (c) => {
    const form = await formOf(c);
    const pre = getCookie(c, PRE_COOKIE);
    const ui = { ...uiFor(c), csrf: preToken(c, deps) };
    const next = safeNext(form.next, '');
    if (!pre || !csrfTokenMatches(pre, form.csrf ?? '')) {
      return render(c, <SignInPage ui={ui} next={next} login={form.login} error={ui.t('action.csrf')} />, 400);
    }
    try {
      await perAddress.consume(clientAddress(c, deps.config));
    } catch {
      return render(c, <SignInPage ui={ui} next={next} login={form.login} error={ui.t('signIn.locked', { minutes: 15 })} />, 429);
    }
    const outcome = await signIn(
      { db: deps.database.db, now: () => deps.clock.now(), scryptLogN: deps.config.PASSWORD_SCRYPT_LOG_N },
      { login: (form.login ?? '').slice(0, 254), password: (form.password ?? '').slice(0, 256) },
    );
    if (outcome.kind === 'locked') {
      const minutes = Math.max(1, Math.ceil(outcome.retryAfterMs / 60_000));
      return render(c, <SignInPage ui={ui} next={next} login={form.login} error={ui.t('signIn.locked', { minutes })} />, 429);
    }
    if (outcome.kind === 'refused') {
      return render(c, <SignInPage ui={ui} next={next} login={form.login} error={ui.t('signIn.refused')} />, 400);
    }
    // A fresh session id at every sign-in: nothing set before it (fixation) carries over.
    finishSession(c, deps, { keepCookie: true });
    beginSession(c, deps, outcome.account);
    const home = outcome.account.role === 'organisation' ? '/org' : '/admin';
    // A page of the other area would only answer "not found": go home instead.
    const wanted = safeNext(form.next, home);
    const target = new URL(wanted.startsWith(home) ? wanted : home, 'http://x');
    target.searchParams.set('lang', ui.locale);
    return c.redirect(`${target.pathname}${target.search}`, 303);
  });

  app.post('/admin/sign-out', async (c) => {
    // Signing out needs no CSRF token: the worst a forged one does is sign someone out.
    const accountId = finishSession(c, deps);
    if (accountId) recordAudit(deps.database.db, { actor: `account:${accountId}`, action: 'signed_out', at: deps.clock.now() });
    return c.redirect(`/admin/sign-in?lang=${uiFor(c).locale}`, 303);
  });
}
