import type { MiddlewareHandler } from 'hono';
import type { Caller } from '../../api/access.js';
import { render, uiFor, type DashboardEnv } from './context.js';
import { Frame } from './frame.js';
import { callerOf, csrfValid } from './session.js';

export function NotFoundPage(props: { ui: ReturnType<typeof uiFor> }) {
  return (
    <Frame ui={props.ui} title={props.ui.t('notFound.title')}>
      <p>{props.ui.t('notFound.body')}</p>
    </Frame>
  );
}

export const notFoundPage = (c: Parameters<MiddlewareHandler<DashboardEnv>>[0]) => render(c, <NotFoundPage ui={uiFor(c)} />, 404);

// Signed in with a role that may see these pages, and every post carrying this session's CSRF
// token. Without a session: to the sign-in page (nothing changed). With one that may not: the
// same "not found" a missing page gets, so the pages of other roles are not even confirmed.
export function requirePages(allowed: (caller: Caller) => boolean): MiddlewareHandler<DashboardEnv> {
  return async (c, next) => {
    if (!c.var.account) {
      const url = new URL(c.req.url);
      const nextPath = c.req.method === 'GET' ? `${url.pathname}${url.search}` : '';
      const target = new URL('/admin/sign-in', 'http://x');
      if (nextPath) target.searchParams.set('next', nextPath);
      if (c.req.method !== 'GET') target.searchParams.set('msg', 'expired');
      return c.redirect(`${target.pathname}${target.search}`, 303);
    }
    if (!allowed(callerOf(c))) return notFoundPage(c);
    if (c.req.method === 'POST') {
      const form = await c.req.parseBody();
      if (!csrfValid(c, form.csrf)) {
        const back = new URL(c.req.header('referer') ?? c.req.url);
        back.searchParams.set('msg', 'csrf');
        return c.redirect(`${back.pathname}${back.search}`, 303);
      }
    }
    await next();
  };
}
