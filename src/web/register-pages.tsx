import type { Context, Hono } from 'hono';
import { Hono as HonoApp } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppDeps } from '../app-deps.js';
import { createPageContext, renderPage } from './page-context.js';
import { pageHeaders } from './page-guards.js';
import { ProblemPage } from './pages/problem-page.js';
import { registerAssets } from './routes/assets.js';
import { registerReportForm } from './routes/report-form.js';
import { registerStatus } from './routes/status.js';
import { registerWithdraw } from './routes/withdraw.js';

// The public pages: the report form, the confirmation, the status page. They live in a sub-app
// of their own so that anything going wrong on them is answered with a page in the reader's
// language, not with the API's problem+json.
export interface WebPages {
  /** A page in the reader's language for a browser that asked for an address that does not exist. */
  notFound(c: Context): Promise<Response | null>;
}

export function registerWebPages(app: Hono, deps: AppDeps): WebPages {
  const ctx = createPageContext(deps);
  const web = new HonoApp();
  registerAssets(web);
  registerReportForm(web, ctx);
  registerStatus(web, ctx);
  registerWithdraw(web, ctx);

  web.onError((err, c) => {
    const ui = ctx.uiFor(c);
    if (err instanceof HTTPException && err.status === 403) {
      // A post that did not come from our own pages (hono's csrf middleware).
      return renderPage(c, <ProblemPage ui={ui} message={ui.t('problem.forbidden')} />, 403);
    }
    deps.logger.error({ err, path: c.req.path }, 'page failed');
    return renderPage(c, <ProblemPage ui={ui} message={ui.t('problem.body')} />, 500);
  });

  app.route('/', web);

  return {
    async notFound(c) {
      const wantsPage = (c.req.method === 'GET' || c.req.method === 'HEAD') && !c.req.path.startsWith('/api/');
      if (!wantsPage || !(c.req.header('accept') ?? '').includes('text/html')) return null;
      const ui = ctx.uiFor(c);
      await pageHeaders()(c, async () => {
        c.res = renderPage(c, <ProblemPage ui={ui} message={ui.t('problem.notFound')} />, 404);
      });
      return c.res;
    },
  };
}
