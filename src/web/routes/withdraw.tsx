import type { Hono } from 'hono';
import { loadCaseView } from '../../cases/case-view.js';
import { withdrawRequest } from '../../cases/withdraw-request.js';
import { CSRF_FIELD } from '../csrf-token.js';
import { postedText } from '../open-case.js';
import { renderPage, type PageContext } from '../page-context.js';
import { formBodyLimit, pageHeaders, sameOriginPosts } from '../page-guards.js';
import { StatusPage } from '../pages/status-page.js';
import { WithdrawConfirmPage } from '../pages/withdraw-confirm-page.js';
import { openPosted } from './status.js';

// POST /status/withdraw: first the confirmation step, then (with confirm=yes and the form token)
// the withdrawal itself, answered with the status page.
export function registerWithdraw(web: Hono, ctx: PageContext): void {
  const { deps } = ctx;

  web.post('/status/withdraw', pageHeaders(), sameOriginPosts(ctx), formBodyLimit(ctx), async (c) => {
    const ui = ctx.uiFor(c);
    const opened = await openPosted(c, ctx, ui);
    if (opened instanceof Response) return opened;
    const { request, token, body } = opened;
    const confirmStep = (notice?: string) =>
      renderPage(
        c,
        <WithdrawConfirmPage ui={ui} reference={request.reference} token={token} csrf={ctx.csrf.issue(c)} notice={notice} />,
        notice ? 403 : 200,
      );

    if (postedText(body, 'confirm') !== 'yes') return confirmStep();
    if (!ctx.csrf.verify(c, body[CSRF_FIELD])) return confirmStep(`${ui.t('form.resendCookies')}`);

    const outcome = withdrawRequest(deps.database.db, { requestId: request.id, actor: 'reporter', now: deps.clock.now() });
    deps.logger.info({ requestId: request.id, outcome, via: 'form' }, 'request withdrawn');
    const notice =
      outcome === 'withdrawn'
        ? ui.t('status.withdrawn')
        : outcome === 'already_withdrawn'
          ? ui.t('status.alreadyWithdrawn')
          : ui.t('status.closedNothing');
    const view = loadCaseView({ db: deps.database.db, registry: deps.registry, keyring: deps.keyring }, request);
    return renderPage(c, <StatusPage ui={ui} view={view} token={token} notice={notice} />);
  });
}
