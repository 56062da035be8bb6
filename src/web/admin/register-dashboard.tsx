import { Hono, type Hono as HonoApp, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import type { AppDeps } from '../../app-deps.js';
import { isOrganisation, isStaff } from '../../api/access.js';
import { registerOrgPages } from '../org/org-routes.js';
import { dashboardAssets } from './assets.js';
import { render, uiFor, type DashboardEnv } from './context.js';
import { Frame } from './frame.js';
import { notFoundPage, requirePages } from './guards.js';
import { registerAccountPages } from './routes/accounts.js';
import { registerCasePage } from './routes/case.js';
import { registerQueue } from './routes/queue.js';
import { registerSignIn } from './routes/sign-in.js';
import { registerWorkViews } from './routes/work-views.js';
import { pageHeaders } from '../page-guards.js';
import { requestOrigin } from '../request-origin.js';
import { loadSession } from './session.js';

const FORM_BYTES = 64 * 1024;
const FILING_BYTES = 3 * 1024 * 1024;

// The caseworkers' dashboard (/admin) and the organisations' pages (/org): server-rendered, a
// strict Content-Security-Policy (our own stylesheet and script only), every post from our own
// origin and carrying the session's CSRF token, and access decided by api/access.ts.
export function registerDashboard(app: HonoApp, deps: AppDeps): void {
  const web = new Hono<DashboardEnv>();
  const assets = dashboardAssets();
  const byPath = new Map(Object.values(assets).map((a) => [a.path, a]));
  web.get('/admin/assets/:file', (c) => {
    const asset = byPath.get(c.req.path);
    if (!asset) return c.notFound();
    return c.body(asset.body, 200, { 'content-type': asset.contentType, 'cache-control': 'public, max-age=31536000, immutable' });
  });

  // Only the dashboard's own paths: these middlewares must never touch the JSON API.
  const scoped = (handler: MiddlewareHandler<DashboardEnv>) => {
    for (const path of ['/admin', '/admin/*', '/org', '/org/*']) web.use(path, handler);
  };
  // The public pages' headers: the same strict Content-Security-Policy, Trusted Types and the rest.
  scoped(pageHeaders());
  scoped(csrf({ origin: (origin, c) => origin === requestOrigin(c, deps.config.TRUST_PROXY) }));
  scoped(async (c, next) =>
    bodyLimit({ maxSize: c.req.path === '/org/file' ? FILING_BYTES : FORM_BYTES, onError: (cc) => cc.text('Payload too large', 413) })(
      c,
      next,
    ),
  );
  scoped(loadSession(deps));

  registerSignIn(web, deps);
  const open = new Set(['/admin/sign-in', '/admin/sign-out']);
  const staffOnly = requirePages(isStaff);
  const orgOnly = requirePages(isOrganisation);
  web.use('/admin/*', (c, next) => (open.has(c.req.path) ? next() : staffOnly(c, next)));
  web.use('/admin', staffOnly);
  web.use('/org/*', orgOnly);
  web.use('/org', orgOnly);

  registerQueue(web, deps);
  registerAccountPages(web, deps);
  registerWorkViews(web, deps);
  registerCasePage(web, deps);
  registerOrgPages(web, deps);
  // Anything else under our prefixes: a page, not the API's problem+json.
  for (const path of ['/admin/*', '/org/*']) web.all(path, (c) => notFoundPage(c));

  web.onError((err, c) => {
    if (err instanceof HTTPException && err.status === 403) {
      // A post from another origin (hono's csrf middleware): refused, nothing changed.
      const ui = uiFor(c);
      return render(
        c,
        <Frame ui={ui} title={ui.t('notFound.title')}>
          <p>{ui.t('action.csrf')}</p>
        </Frame>,
        403,
      );
    }
    deps.logger.error({ err, path: c.req.path }, 'dashboard page failed');
    const ui = uiFor(c);
    return render(
      c,
      <Frame ui={ui} title={ui.t('notFound.title')}>
        <p>{ui.t('action.notNow')}</p>
      </Frame>,
      409,
    );
  });

  app.route('/', web);
}
