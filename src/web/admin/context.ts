import type { Context, Hono } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';
import { csrfFieldFor, type SessionVars } from './session.js';
import type { AdminUi } from './frame.js';
import { adminTranslator, dashboardLocale } from './translate.js';

export type DashboardEnv = { Variables: SessionVars };
export type DashboardApp = Hono<DashboardEnv>;
export type DashboardContext = Context<DashboardEnv>;

export function uiFor(c: DashboardContext): AdminUi {
  const locale = dashboardLocale(c, c.var.trustProxy ?? false);
  const url = new URL(c.req.url);
  return { locale, t: adminTranslator(locale), account: c.var.account, csrf: csrfFieldFor(c), path: `${url.pathname}${url.search}` };
}

export function render(c: DashboardContext, page: JSX.Element, status: 200 | 400 | 403 | 404 | 409 | 429 = 200): Response {
  c.header('cache-control', 'no-store');
  return c.html(`<!DOCTYPE html>${String(page)}`, status) as Response;
}

/** After a post: back to a page, with a message code it shows once. */
export function redirectWith(c: DashboardContext, path: string, msg: string): Response {
  const url = new URL(path, 'http://x');
  url.searchParams.set('msg', msg);
  url.searchParams.set('lang', dashboardLocale(c, c.var.trustProxy ?? false));
  return c.redirect(`${url.pathname}${url.search}`, 303);
}

export async function formOf(c: DashboardContext): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === 'string') out[k] = v;
  return out;
}
