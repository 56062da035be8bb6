import type { ManualWorkItem } from '../manual-work.js';
import { CsrfField, Flash, Frame, href, type AdminUi } from '../frame.js';
import { formatDate } from '../translate.js';

export function ManualPage(props: { ui: AdminUi; items: ManualWorkItem[]; message?: { kind: 'ok' | 'error'; text: string } }) {
  const { ui } = props;
  const { t } = ui;
  return (
    <Frame ui={ui} title={t('manual.title')} current="/admin/manual">
      <Flash kind={props.message?.kind ?? 'ok'} text={props.message?.text} />
      <p>{t('manual.intro')}</p>
      {props.items.length === 0 ? <p class="card">{t('manual.empty')}</p> : null}
      {props.items.map((item) => (
        <section class="card" aria-labelledby={`m-${item.submissionId}`}>
          <h2 id={`m-${item.submissionId}`}>
            {item.platformName} · <a href={href(ui, `/admin/cases/${item.reference}`)}>{item.reference}</a>{' '}
            {item.urgent ? <span class="badge badge--urgent">{t('badge.urgent')}</span> : null}
          </h2>
          <p class="muted">{formatDate(ui.locale, item.createdAt)}</p>
          {item.formUrl ? (
            <p>
              <a class="button button--secondary" href={item.formUrl} rel="noreferrer noopener" target="_blank">
                {t('case.formLink')}
              </a>
            </p>
          ) : (
            <p>{t('manual.noForm')}</p>
          )}
          <label for={`text-${item.submissionId}`}>{t('case.noticeAsSent')}</label>
          <textarea id={`text-${item.submissionId}`} class="notice" readonly rows={10}>
            {item.text}
          </textarea>
          <p>
            <button type="button" class="secondary" data-copy={`text-${item.submissionId}`} data-copied="✓" hidden>
              {t('case.copy')}
            </button>
            <span id={`text-${item.submissionId}-copied`} class="copy-status" role="status"></span>
          </p>
          {item.checklist.length ? (
            <details>
              <summary>{t('manual.checklist')}</summary>
              <ul>
                {item.checklist.map((line) => (
                  <li>{line}</li>
                ))}
              </ul>
            </details>
          ) : null}
          <form method="post" action={href(ui, `/admin/cases/${item.reference}/filed`)} class="filters">
            <CsrfField ui={ui} />
            <input type="hidden" name="submissionId" value={item.submissionId} />
            <input type="hidden" name="return" value="manual" />
            <div class="field">
              <label for={`ticket-${item.submissionId}`}>{t('action.ticketId')}</label>
              <input type="text" id={`ticket-${item.submissionId}`} name="ticketId" maxlength={200} />
            </div>
            <button type="submit">{t('action.markFiled')}</button>
          </form>
        </section>
      ))}
    </Frame>
  );
}
