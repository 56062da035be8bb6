import type { Context, Hono } from 'hono';
import { loadCaseView } from '../../cases/case-view.js';
import type { RequestRow } from '../../db/schema.js';
import type { FieldMessage } from '../components/error-summary.js';
import { openCase, postedText } from '../open-case.js';
import { renderPage, type PageContext } from '../page-context.js';
import { formBodyLimit, pageHeaders, sameOriginPosts } from '../page-guards.js';
import type { PageUi } from '../page-ui.js';
import { ConfirmationPage } from '../pages/confirmation-page.js';
import { StatusLookupPage } from '../pages/status-lookup-page.js';
import { StatusPage } from '../pages/status-page.js';

// GET /status asks for the reference and secret code; POST /status shows the case. The secret is
// only ever in a POST body (or, in a status link, in the URL fragment the browser keeps to itself).
// POST /confirmation shows the confirmation again, for its language switcher.
export function registerStatus(web: Hono, ctx: PageContext): void {
  const { deps } = ctx;
  const view = (request: RequestRow) => loadCaseView({ db: deps.database.db, registry: deps.registry, keyring: deps.keyring }, request);

  // These answer posts only; someone who lands on them by address is sent to the lookup.
  web.get('/confirmation', (c) => c.redirect('/status', 303));
  web.get('/status/withdraw', (c) => c.redirect('/status', 303));

  web.get('/status', pageHeaders(), (c) =>
    renderPage(c, <StatusLookupPage ui={ctx.uiFor(c)} values={{ reference: '', token: '' }} errors={[]} />),
  );

  web.post('/status', pageHeaders(), sameOriginPosts(ctx), formBodyLimit(ctx), async (c) => {
    const ui = ctx.uiFor(c);
    const body = await c.req.parseBody();
    // The language switcher submits the lookup form as it stands: show it again in the new
    // language with what was typed, and open nothing.
    if (body.intent === 'language') return renderPage(c, <StatusLookupPage ui={ui} values={lookupValues(body)} errors={[]} />);
    const opened = await openPosted(c, ctx, ui);
    if (opened instanceof Response) return opened;
    return renderPage(c, <StatusPage ui={ui} view={view(opened.request)} token={opened.token} />);
  });

  web.post('/confirmation', pageHeaders(), sameOriginPosts(ctx), formBodyLimit(ctx), async (c) => {
    const ui = ctx.uiFor(c);
    const opened = await openPosted(c, ctx, ui);
    if (opened instanceof Response) return opened;
    return renderPage(c, <ConfirmationPage ui={ui} view={view(opened.request)} token={opened.token} origin={ctx.origin(c)} />);
  });
}

/** Opens the case a post names, or answers with the lookup form and what is wrong. */
export async function openPosted(
  c: Context,
  ctx: PageContext,
  ui: PageUi,
): Promise<{ request: RequestRow; token: string; body: Record<string, unknown> } | Response> {
  const body = await c.req.parseBody();
  const values = lookupValues(body);
  const errors: FieldMessage[] = [];
  if (values.reference === '') errors.push({ field: 'reference', message: ui.t('lookup.referenceRequired') });
  if (values.token === '') errors.push({ field: 'token', message: ui.t('lookup.codeRequired') });
  if (errors.length > 0) return renderPage(c, <StatusLookupPage ui={ui} values={values} errors={errors} />, 400);
  const request = openCase(ctx.deps.database.db, values);
  if (!request) return renderPage(c, <StatusLookupPage ui={ui} values={values} errors={[]} notFound />, 404);
  return { request, token: values.token.replace(/\s+/g, ''), body };
}

function lookupValues(body: Record<string, unknown>): { reference: string; token: string } {
  return { reference: postedText(body, 'reference').trim(), token: postedText(body, 'token').trim() };
}
