import { fieldErrors } from '../../api/problem.js';
import type { AppDeps } from '../../app-deps.js';
import { ownsCase } from '../../api/access.js';
import { findRequestByReference, loadCaseView } from '../../cases/case-view.js';
import { loadWorkQueue, workQueueQuerySchema } from '../../cases/work-queue.js';
import { collectLinks, filingIsUrgent, filingProblems, toRequestInput } from '../../intake/bulk-filing.js';
import { bulkFilingSchema, MAX_LINKS_TEXT } from '../../intake/bulk-schema.js';
import { admitOrWait, sharedAbuseGuard } from '../../intake/abuse-guard.js';
import { createRequest } from '../../intake/create-request.js';
import { normalizeReference } from '../../intake/reference.js';
import { previewRouting } from '../../routing/preview-routing.js';
import { render, uiFor, type DashboardApp } from '../admin/context.js';
import { notFoundPage } from '../admin/guards.js';
import { callerOf } from '../admin/session.js';
import { filingErrorWords } from './filing-words.js';
import { OrgCasePage, OrgFilePage, OrgHomePage, OrgSentPage, type FilingForm } from './org-pages.js';

const emptyForm: FilingForm = {
  links: '',
  category: 'child_photo_misuse',
  explanation: '',
  minorInvolved: true,
  urgent: false,
  goodFaith: false,
};

// Organisations' pages: their own cases and nothing else, and filing many links with a preview.
export function registerOrgPages(app: DashboardApp, deps: AppDeps): void {
  const db = deps.database.db;
  // The organisation's allowance is its key's: the API and this page draw on the same one.
  const guard = sharedAbuseGuard(deps, deps.config);

  app.get('/org', (c) => {
    const query = workQueueQuerySchema.parse({ status: 'all', limit: '200' });
    const { rows } = loadWorkQueue(deps.database.sqlite, query, c.var.account!.id);
    const progress = new Map<string, Record<string, number>>();
    const counts = deps.database.sqlite.prepare<[string], { status: string; n: number }>(
      'SELECT status, count(*) AS n FROM submissions WHERE request_id = ? GROUP BY status',
    );
    for (const r of rows) progress.set(r.id, Object.fromEntries(counts.all(r.id).map((x) => [x.status, x.n])));
    return render(c, <OrgHomePage ui={uiFor(c)} rows={rows} progress={progress} />);
  });

  app.get('/org/cases/:reference', (c) => {
    const reference = normalizeReference(c.req.param('reference'));
    const request = reference ? findRequestByReference(db, reference) : undefined;
    if (!request || !ownsCase(callerOf(c), request)) return notFoundPage(c);
    return render(c, <OrgCasePage ui={uiFor(c)} view={loadCaseView({ db, registry: deps.registry, keyring: deps.keyring }, request)} />);
  });

  app.get('/org/file', (c) => render(c, <OrgFilePage ui={uiFor(c)} form={emptyForm} />));

  app.post('/org/file', async (c) => {
    const ui = uiFor(c);
    const body = await c.req.parseBody();
    const text = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '');
    let links = text('links');
    const upload = body.upload;
    if (upload instanceof File && upload.size > 0) {
      if (upload.size > MAX_LINKS_TEXT)
        return render(
          c,
          <OrgFilePage ui={ui} form={{ ...emptyForm, links }} errors={[ui.t('action.invalid', { detail: 'file too large' })]} />,
          400,
        );
      links = [links, await upload.text()].filter((s) => s.trim()).join('\n');
    }
    const form: FilingForm = {
      links,
      category: text('category'),
      explanation: text('explanation'),
      minorInvolved: text('minorInvolved') === 'true',
      urgent: text('urgent') === 'true',
      goodFaith: text('goodFaith') === 'true',
    };
    const parsed = bulkFilingSchema.safeParse({
      links: form.links,
      category: form.category,
      explanation: form.explanation,
      minorInvolved: form.minorInvolved,
      urgent: form.urgent,
      goodFaith: form.goodFaith,
      locale: ui.locale,
    });
    if (!parsed.success) {
      const errors = filingErrorWords(ui, fieldErrors(parsed.error), 0);
      return render(c, <OrgFilePage ui={ui} form={form} errors={errors} />, 400);
    }
    const collected = collectLinks(parsed.data);
    const preview = {
      urls: collected.urls,
      invalid: collected.invalid,
      duplicates: collected.duplicates,
      urgent: filingIsUrgent(parsed.data),
      groups: previewRouting(deps, collected.urls.slice(0, 1000)),
    };
    const problems = filingProblems(collected).filter((p) => !p.path.startsWith('/links/line/'));
    const errors = filingErrorWords(ui, problems, collected.urls.length);
    // Normalised to one link per line, what will be sent; kept as typed while anything in it is
    // wrong, or when nothing in it was a link (there would be nothing left to correct).
    const shown = { ...form, links: collected.invalid.length || !collected.urls.length ? form.links : collected.urls.join('\n') };
    if (text('intent') !== 'send' || errors.length || collected.invalid.length) {
      return render(c, <OrgFilePage ui={ui} form={shown} preview={preview} errors={errors} />, errors.length ? 400 : 200);
    }
    const account = c.var.account!;
    const admitted = await admitOrWait(guard, { source: { kind: 'account', accountId: account.id }, urlCount: collected.urls.length });
    if ('waitSeconds' in admitted) {
      c.header('retry-after', String(admitted.waitSeconds));
      const errors = [ui.t('org.rateLimited', { seconds: admitted.waitSeconds })];
      return render(c, <OrgFilePage ui={ui} form={shown} preview={preview} errors={errors} />, 429);
    }
    const outcome = createRequest(
      { db, keyring: deps.keyring, registry: deps.registry, router: deps.router, now: deps.clock.now() },
      toRequestInput(account, parsed.data, collected.urls),
      { accountId: account.id },
    );
    if (outcome.kind !== 'created') throw new Error('unexpected idempotency outcome without a key');
    if (outcome.urgent) deps.wake.notify('urgent');
    deps.logger.info({ requestId: outcome.requestId, links: collected.urls.length }, 'bulk request filed from the organisation page');
    return render(c, <OrgSentPage ui={ui} reference={outcome.response.reference} statusToken={outcome.response.statusToken} />);
  });
}
