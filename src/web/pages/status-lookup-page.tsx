import { ErrorSummary, type FieldMessage } from '../components/error-summary.js';
import { TextField } from '../components/fields.js';
import { Layout } from '../layout.js';
import type { PageUi } from '../page-ui.js';

export const LOOKUP_FORM_ID = 'lookup';

// Where a person types their reference and secret code. A status link opens here too: the script
// moves the secret from the URL fragment into this form and posts it. Without JavaScript the
// person pastes the two values themselves.
export function StatusLookupPage(props: {
  ui: PageUi;
  values: { reference: string; token: string };
  errors: FieldMessage[];
  /** Shown instead of field errors when the pair does not open a case. */
  notFound?: boolean;
}) {
  const { ui, values, errors } = props;
  const { t } = ui;
  const errorOf = (field: string) => errors.find((e) => e.field === field)?.message;
  const title = t('lookup.title');
  return (
    // The switcher posts this form as it stands, so a reference and code typed in are kept.
    <Layout
      ui={ui}
      title={title}
      noindex
      switcher={{ kind: 'form', formId: LOOKUP_FORM_ID, action: '/status', submitLabel: t('lookup.submit') }}
    >
      <h1>{title}</h1>
      <p id="opening" class="notice" role="status" hidden>
        {t('lookup.opening')}
      </p>
      {props.notFound ? (
        <div class="error-summary" role="alert" tabindex={-1} autofocus>
          <p>{t('lookup.notFound')}</p>
        </div>
      ) : (
        <ErrorSummary ui={ui} errors={errors} />
      )}
      <p>{t('lookup.intro')}</p>
      <form id={LOOKUP_FORM_ID} method="post" action="/status" novalidate data-status-lookup>
        <TextField
          ui={ui}
          name="reference"
          label={t('lookup.reference')}
          hint={t('lookup.referenceHint')}
          value={values.reference}
          error={errorOf('reference')}
          autocomplete="off"
          autocapitalize="characters"
          spellcheck={false}
          short
        />
        <TextField
          ui={ui}
          name="token"
          label={t('lookup.code')}
          hint={t('lookup.codeHint')}
          value={values.token}
          error={errorOf('token')}
          autocomplete="off"
          autocapitalize="off"
          spellcheck={false}
        />
        <button type="submit" class="button">
          {t('lookup.submit')}
        </button>
      </form>
      <p class="muted">{t('lookup.lost')}</p>
      <p>
        <a href="/">{t('lookup.newRequest')}</a>
      </p>
    </Layout>
  );
}
