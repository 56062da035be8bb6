import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Account } from '../../accounts/api-keys.js';
import { csrfTokenFor, csrfTokenMatches, endSession, resumeSession, startSession, type SessionPolicy } from '../../accounts/sessions.js';
import type { AppDeps } from '../../app-deps.js';
import { pageCaller, type Caller } from '../../api/access.js';
import { isHttps } from '../request-origin.js';

// The dashboard's session cookie. Over TLS it is `__Host-` prefixed (the browser then insists on
// Secure, Path=/ and no Domain, so no sub-domain can set or read it); HttpOnly and SameSite=Strict
// always. No Max-Age: it goes when the browser closes; the server ends it sooner (idle, absolute).
const SECURE_NAME = '__Host-td_session';
const PLAIN_NAME = 'td_session';

export interface SessionVars {
  account: Account | null;
  sessionToken: string | null;
  /** TRUST_PROXY, for the helpers that read the address bar's origin or set cookies. */
  trustProxy: boolean;
}

export function sessionPolicy(deps: AppDeps): SessionPolicy {
  return { idleMs: deps.config.SESSION_IDLE_MINUTES * 60_000, maxMs: deps.config.SESSION_MAX_HOURS * 3_600_000 };
}

function cookieName(c: Context, deps: AppDeps): string {
  return isHttps(c, deps.config.TRUST_PROXY) ? SECURE_NAME : PLAIN_NAME;
}

export function readSessionToken(c: Context, deps: AppDeps): string | null {
  const token = getCookie(c, cookieName(c, deps));
  return token && /^[A-Za-z0-9_-]{43}$/.test(token) ? token : null;
}

export function beginSession(c: Context, deps: AppDeps, account: Account): string {
  const token = startSession(deps.database.db, { accountId: account.id, now: deps.clock.now(), policy: sessionPolicy(deps) });
  const secure = isHttps(c, deps.config.TRUST_PROXY);
  setCookie(c, cookieName(c, deps), token, { path: '/', httpOnly: true, sameSite: 'Strict', secure });
  return token;
}

export function finishSession(c: Context, deps: AppDeps, options: { keepCookie?: boolean } = {}): string | null {
  const token = readSessionToken(c, deps);
  const accountId = token ? endSession(deps.database.db, { token, now: deps.clock.now() }) : null;
  if (!options.keepCookie) deleteCookie(c, cookieName(c, deps), { path: '/', secure: isHttps(c, deps.config.TRUST_PROXY) });
  return accountId;
}

/** Reads the session, if any, into c.var.account; never refuses. */
export function loadSession(deps: AppDeps): MiddlewareHandler<{ Variables: SessionVars }> {
  return async (c, next) => {
    const token = readSessionToken(c, deps);
    const session = token ? resumeSession(deps.database.db, { token, now: deps.clock.now(), policy: sessionPolicy(deps) }) : null;
    c.set('account', session?.account ?? null);
    c.set('sessionToken', session ? token : null);
    c.set('trustProxy', deps.config.TRUST_PROXY);
    c.header('cache-control', 'no-store');
    await next();
  };
}

export function callerOf(c: Context<{ Variables: SessionVars }>): Caller {
  return pageCaller(c.var.account);
}

export function csrfFieldFor(c: Context<{ Variables: SessionVars }>): string {
  return c.var.sessionToken ? csrfTokenFor(c.var.sessionToken) : '';
}

export function csrfValid(c: Context<{ Variables: SessionVars }>, field: unknown): boolean {
  return typeof field === 'string' && c.var.sessionToken !== null && csrfTokenMatches(c.var.sessionToken, field);
}
