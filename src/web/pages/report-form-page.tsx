import { ErrorSummary, type FieldMessage } from '../components/error-summary.js';
import { Choices, TextArea, TextField } from '../components/fields.js';
import { CSRF_FIELD } from '../csrf-token.js';
import { formCategories, formRoles, type ReportFormValues } from '../form/report-form.js';
import { Layout } from '../layout.js';
import type { PageUi } from '../page-ui.js';

export const REPORT_FORM_ID = 'report';

// The one form. Questions in the order a frightened person can answer them; never an upload field.
export function ReportFormPage(props: {
  ui: PageUi;
  csrf: string;
  values: ReportFormValues;
  errors: FieldMessage[];
  /** A message above the form that is not about one field (rate limit, resend). */
  notice?: string[];
}) {
  const { ui, values, errors } = props;
  const { t } = ui;
  const errorOf = (field: string) => {
    const messages = errors.filter((e) => e.field === field).map((e) => e.message);
    return messages.length === 0 ? undefined : messages.length === 1 ? messages[0] : messages;
  };
  const yesNo = [
    { value: 'yes', label: t('common.yes') },
    { value: 'no', label: t('common.no') },
  ];
  const title = t('form.title');
  return (
    <Layout ui={ui} title={title} switcher={{ kind: 'form', formId: REPORT_FORM_ID, action: '/', submitLabel: t('form.submit') }}>
      <h1>{title}</h1>
      <p class="lead">{t('form.intro')}</p>

      {props.notice && props.notice.length > 0 ? (
        <div class="notice notice--urgent" role="alert">
          {props.notice.map((n) => (
            <p>{n}</p>
          ))}
        </div>
      ) : null}
      <ErrorSummary ui={ui} errors={errors} />

      <section class="notice" aria-labelledby="no-upload-title">
        <h2 id="no-upload-title">{t('form.noUploadTitle')}</h2>
        <p>{t('form.noUpload')}</p>
      </section>

      <form id={REPORT_FORM_ID} method="post" action="/" novalidate>
        <input type="hidden" name={CSRF_FIELD} value={props.csrf} />
        <input type="hidden" name="formKey" value={values.formKey} />

        <Choices
          ui={ui}
          name="category"
          legend={t('form.category')}
          options={formCategories.map((c) => ({ value: c, label: t(`categories.${c}`) }))}
          value={values.category}
          error={errorOf('category')}
        />
        <Choices
          ui={ui}
          name="minorInvolved"
          legend={t('form.minor')}
          hint={t('form.minorHint')}
          options={yesNo}
          value={values.minorInvolved}
          error={errorOf('minorInvolved')}
          inline
        />
        <Choices
          ui={ui}
          name="urgent"
          legend={t('form.urgent')}
          hint={t('form.urgentHint')}
          options={yesNo}
          value={values.urgent}
          error={errorOf('urgent')}
          inline
        />
        <TextArea
          ui={ui}
          name="urls"
          label={t('form.urls')}
          hint={
            <>
              <p>{t('form.urlsHint')}</p>
              <details>
                <summary>{t('form.howToCopy')}</summary>
                <div>
                  <ul>
                    <li>{t('form.howToCopyApp')}</li>
                    <li>{t('form.howToCopyBrowser')}</li>
                    <li>{t('form.howToCopyComputer')}</li>
                    <li>{t('form.howToCopyHelp')}</li>
                  </ul>
                </div>
              </details>
            </>
          }
          value={values.urls}
          error={errorOf('urls')}
          rows={6}
          className="links"
          spellcheck={false}
          question
        />
        <TextArea
          ui={ui}
          name="explanation"
          label={t('form.explanation')}
          hint={t('form.explanationHint')}
          value={values.explanation}
          error={errorOf('explanation')}
          rows={4}
          optional
          question
        />
        <Choices
          ui={ui}
          name="role"
          legend={t('form.role')}
          options={formRoles.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
          value={values.role}
          error={errorOf('role')}
        />

        <div class="field">
          <fieldset aria-describedby="contact-hint">
            <legend>
              {t('form.contact')} <span class="muted">{t('common.optional')}</span>
            </legend>
            <p id="contact-hint" class="hint">
              {t('form.contactHint')}
            </p>
            <TextField ui={ui} name="name" label={t('form.name')} value={values.name} error={errorOf('name')} autocomplete="name" />
            <TextField
              ui={ui}
              name="email"
              type="email"
              label={t('form.email')}
              value={values.email}
              error={errorOf('email')}
              autocomplete="email"
              spellcheck={false}
              autocapitalize="off"
            />
            <TextField
              ui={ui}
              name="phone"
              type="tel"
              label={t('form.phone')}
              value={values.phone}
              error={errorOf('phone')}
              autocomplete="tel"
              short
            />
          </fieldset>
        </div>

        <Choices
          ui={ui}
          name="goodFaith"
          type="checkbox"
          legend={t('form.goodFaithLegend')}
          options={[{ value: 'yes', label: t('form.goodFaith') }]}
          value={values.goodFaith ? 'yes' : ''}
          error={errorOf('goodFaith')}
        />

        <button type="submit" class="button">
          {t('form.submit')}
        </button>
      </form>
    </Layout>
  );
}
