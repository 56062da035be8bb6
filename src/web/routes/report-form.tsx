import type { Hono } from 'hono';
import { clientAddress } from '../../api/client-address.js';
import { admitOrWait, sharedAbuseGuard } from '../../intake/abuse-guard.js';
import { findRequestByReference, loadCaseView } from '../../cases/case-view.js';
import { createRequest, type CreateOutcome } from '../../intake/create-request.js';
import type { CreateRequestInput } from '../../intake/request-schema.js';
import { newSecret, sha256Hex } from '../../privacy/secrets.js';
import { CSRF_FIELD } from '../csrf-token.js';
import { emptyReportForm, readReportForm, validateReportForm, type ReportFormValues } from '../form/report-form.js';
import { renderPage, type PageContext } from '../page-context.js';
import { formBodyLimit, pageHeaders, sameOriginPosts } from '../page-guards.js';
import type { PageUi } from '../page-ui.js';
import { ConfirmationPage } from '../pages/confirmation-page.js';
import { ReportFormPage } from '../pages/report-form-page.js';
import type { FieldMessage } from '../components/error-summary.js';
import type { Context } from 'hono';

const newFormKey = () => newSecret(18);

// GET / shows the form; POST / files it through the same intake as POST /api/v1/requests, or
// shows it again with every answer kept and each problem explained in the page's language.
export function registerReportForm(web: Hono, ctx: PageContext): void {
  const { deps } = ctx;
  const guard = sharedAbuseGuard(deps, deps.config);

  const showForm = (
    c: Context,
    ui: PageUi,
    values: ReportFormValues,
    options: { errors?: FieldMessage[]; notice?: string[]; status?: 200 | 400 | 403 | 429 } = {},
  ) =>
    renderPage(
      c,
      <ReportFormPage ui={ui} csrf={ctx.csrf.issue(c)} values={values} errors={options.errors ?? []} notice={options.notice} />,
      options.status ?? 200,
    );

  web.get('/', pageHeaders(), (c) => showForm(c, ctx.uiFor(c), emptyReportForm(newFormKey())));

  web.post('/', pageHeaders(), sameOriginPosts(ctx), formBodyLimit(ctx), async (c) => {
    const ui = ctx.uiFor(c);
    const body = await c.req.parseBody();
    const values = readReportForm(body, newFormKey);
    // The language switcher submits the form as it stands: show it again, nothing filed.
    if (body.intent === 'language') return showForm(c, ui, values);
    if (!ctx.csrf.verify(c, body[CSRF_FIELD])) {
      return showForm(c, ui, values, { notice: [ui.t('form.resend'), ui.t('form.resendCookies')], status: 403 });
    }

    const result = validateReportForm(values, ui);
    if (!result.ok) return showForm(c, ui, values, { errors: result.errors, status: 400 });

    const admitted = await admitOrWait(guard, {
      source: { kind: 'address', address: clientAddress(c, deps.config) },
      urlCount: result.input.urls.length,
    });
    if ('waitSeconds' in admitted) {
      c.header('retry-after', String(admitted.waitSeconds));
      return showForm(c, ui, values, { notice: [ui.t('form.rateLimited', { seconds: admitted.waitSeconds })], status: 429 });
    }

    const created = file(ctx, { input: result.input, formKey: values.formKey, reviewReason: admitted.reviewReason });
    if (created.kind === 'created') {
      if (created.urgent) deps.wake.notify('urgent');
      deps.logger.info(
        { requestId: created.requestId, urgent: created.urgent, submissions: created.response.submissions.length, via: 'form' },
        'request created',
      );
    }
    const { reference, statusToken } = created.response;
    const request = findRequestByReference(deps.database.db, reference);
    if (!request) throw new Error('a request just filed cannot be found');
    const view = loadCaseView({ db: deps.database.db, registry: deps.registry, keyring: deps.keyring }, request);
    return renderPage(c, <ConfirmationPage ui={ui} view={view} token={statusToken} origin={ctx.origin(c)} />);
  });
}

// The form's key makes sending the same form twice (a double tap, a reload of the confirmation)
// return the first case instead of a second one. It is taken with the answers: a form sent back
// with other answers is a new report, and sending that one twice is again one case.
function file(
  ctx: PageContext,
  options: { input: CreateRequestInput; formKey: string; reviewReason: string | null },
): Exclude<CreateOutcome, { kind: 'idempotency_conflict' }> {
  const { deps } = ctx;
  const { input, formKey, reviewReason } = options;
  const intake = { db: deps.database.db, keyring: deps.keyring, registry: deps.registry, router: deps.router, now: deps.clock.now() };
  const bodyHash = sha256Hex(JSON.stringify(input));
  const outcome = createRequest(intake, input, {
    idempotency: { keyHash: sha256Hex(`form\n${formKey}\n${bodyHash}`), bodyHash },
    reviewReason,
  });
  if (outcome.kind === 'idempotency_conflict') throw new Error('unreachable: the key is made with the answers');
  return outcome;
}
