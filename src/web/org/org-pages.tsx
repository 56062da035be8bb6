import { categories } from '../../../platforms/types.js';
import type { CaseView } from '../../cases/case-view.js';
import type { QueueRow } from '../../cases/work-queue.js';
import type { RoutingPreview } from '../../intake/bulk-schema.js';
import { CsrfField, Flash, Frame, href, type AdminUi } from '../admin/frame.js';
import { CaseBadges, eventLabel, StatusText, submissionStatusLabel, SubmissionStatusText } from '../admin/pages/parts.js';
import { formatDate } from '../admin/translate.js';
import { linkRefusalWords } from './filing-words.js';

export function OrgHomePage(props: { ui: AdminUi; rows: QueueRow[]; progress: Map<string, Record<string, number>>; message?: string }) {
  const { ui } = props;
  const { t } = ui;
  return (
    <Frame ui={ui} title={t('org.title')} current="/org">
      <Flash kind="ok" text={props.message} />
      <p>{t('org.intro')}</p>
      <p>
        <a class="button" href={href(ui, '/org/file')}>
          {t('frame.orgFile')}
        </a>
      </p>
      {props.rows.length === 0 ? (
        <p class="card">{t('org.empty')}</p>
      ) : (
        <table>
          <caption>{t('org.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('queue.reference')}</th>
              <th scope="col">{t('queue.status')}</th>
              <th scope="col">{t('queue.platforms')}</th>
              <th scope="col">{t('queue.filed')}</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr>
                <td>
                  <a href={href(ui, `/org/cases/${r.reference}`)}>{r.reference}</a>{' '}
                  <CaseBadges ui={ui} row={{ urgent: r.urgent, overdue: r.overdue }} />
                </td>
                <td>
                  <StatusText ui={ui} status={r.status} />
                </td>
                <td>
                  {Object.entries(props.progress.get(r.id) ?? {})
                    .map(([status, n]) => `${n} ${submissionStatusLabel(ui, status)}`)
                    .join(', ')}
                </td>
                <td>{formatDate(ui.locale, r.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Frame>
  );
}

export function OrgCasePage(props: { ui: AdminUi; view: CaseView }) {
  const { ui, view } = props;
  const { t } = ui;
  return (
    <Frame ui={ui} title={t('case.title', { reference: view.reference })} current="/org">
      <dl class="facts card">
        <dt>{t('case.status')}</dt>
        <dd>
          <StatusText ui={ui} status={view.status} />
        </dd>
        <dt>{t('case.category')}</dt>
        <dd>{t(`category.${view.category as 'other'}`)}</dd>
        <dt>{t('case.filedAt')}</dt>
        <dd>{formatDate(ui.locale, view.createdAt)}</dd>
      </dl>
      <table>
        <caption>{t('case.submissions')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('queue.platform')}</th>
            <th scope="col">{t('queue.status')}</th>
            <th scope="col">{t('case.links')}</th>
            <th scope="col">{t('case.submittedAt')}</th>
          </tr>
        </thead>
        <tbody>
          {view.submissions.map((s) => (
            <tr>
              <th scope="row">{s.platformName}</th>
              <td>
                <SubmissionStatusText ui={ui} status={s.status} />
              </td>
              <td>
                {s.urls.length} ({view.items.filter((i) => i.platform === s.platform && i.status === 'removed').length}{' '}
                {t('scorecard.removed').toLowerCase()})
              </td>
              <td>{formatDate(ui.locale, s.submittedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('case.timeline')}</h2>
      <ol class="timeline">
        {view.events.map((e) => (
          <li>
            <time datetime={e.at}>{formatDate(ui.locale, e.at)}</time> <strong>{eventLabel(ui, e.kind)}</strong>
            {e.platform ? ` · ${e.platform}` : ''}
            {e.detail ? <div>{e.detail}</div> : null}
          </li>
        ))}
      </ol>
    </Frame>
  );
}

export interface FilingForm {
  links: string;
  category: string;
  explanation: string;
  minorInvolved: boolean;
  urgent: boolean;
  goodFaith: boolean;
}

export function OrgFilePage(props: {
  ui: AdminUi;
  form: FilingForm;
  preview?: RoutingPreview;
  errors?: string[];
  sent?: { reference: string; statusToken: string };
}) {
  const { ui, form, preview } = props;
  const { t } = ui;
  const canSend = preview && preview.invalid.length === 0 && preview.urls.length > 0 && !props.errors?.length;
  return (
    <Frame ui={ui} title={preview ? t('org.previewTitle') : t('org.fileTitle')} current="/org/file">
      {props.errors?.length ? (
        <div class="message message--error" role="alert">
          <h2>{t('org.errorsTitle')}</h2>
          <ul>
            {props.errors.map((e) => (
              <li>{e}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {preview ? (
        <section class="card" aria-labelledby="preview-h">
          <h2 id="preview-h">{t('org.previewSummary', { count: preview.urls.length, platforms: preview.groups.length })}</h2>
          {preview.duplicates ? <p>{t('org.duplicates', { count: preview.duplicates })}</p> : null}
          {preview.invalid.length ? (
            <div class="message message--error">
              <p>{t('org.invalid')}</p>
              <ul>
                {preview.invalid.map((i) => (
                  <li>
                    {i.line}: <code>{i.text}</code> — {linkRefusalWords(ui, i.message)}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          <table>
            <caption>{t('org.previewTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('queue.platform')}</th>
                <th scope="col" class="num">
                  {t('case.links')}
                </th>
                <th scope="col">{t('queue.channel')}</th>
              </tr>
            </thead>
            <tbody>
              {preview.groups.map((g) => (
                <tr>
                  <th scope="row">{g.platformName}</th>
                  <td class="num">{g.urls.length}</td>
                  <td>{t(`org.handling.${g.handling}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : (
        <p>{t('org.fileIntro')}</p>
      )}
      <form method="post" action={href(ui, '/org/file')} enctype="multipart/form-data" class="card">
        <CsrfField ui={ui} />
        <p>
          <label for="links">{t('org.links')}</label>
          <br />
          <textarea id="links" name="links" rows={preview ? 6 : 12} class="notice">
            {form.links}
          </textarea>
        </p>
        <p>
          <label for="upload">{t('org.upload')}</label>
          <br />
          <input type="file" id="upload" name="upload" accept=".csv,.txt,text/csv,text/plain" />
        </p>
        <p>
          <label for="category">{t('org.category')}</label>
          <br />
          <select id="category" name="category">
            {categories.map((cat) => (
              <option value={cat} selected={form.category === cat}>
                {t(`category.${cat}`)}
              </option>
            ))}
          </select>
        </p>
        <p>
          <label for="explanation">{t('org.explanation')}</label>
          <br />
          <textarea id="explanation" name="explanation" rows={4} maxlength={4000}>
            {form.explanation}
          </textarea>
        </p>
        <p>
          <label class="check">
            <input type="checkbox" name="minorInvolved" value="true" checked={form.minorInvolved} /> {t('org.minor')}
          </label>
          <label class="check">
            <input type="checkbox" name="urgent" value="true" checked={form.urgent} /> {t('org.urgent')}
          </label>
          <label class="check">
            <input type="checkbox" name="goodFaith" value="true" checked={form.goodFaith} required /> {t('org.goodFaith')}
          </label>
        </p>
        <p class="actions">
          <button type="submit" name="intent" value="preview" class={canSend ? 'secondary' : undefined}>
            {t('org.preview')}
          </button>
          {canSend ? (
            <button type="submit" name="intent" value="send">
              {t('org.send', { count: preview.urls.length })}
            </button>
          ) : null}
        </p>
      </form>
    </Frame>
  );
}

export function OrgSentPage(props: { ui: AdminUi; reference: string; statusToken: string }) {
  const { ui } = props;
  const { t } = ui;
  return (
    <Frame ui={ui} title={t('org.sent', { reference: props.reference })} current="/org/file">
      <div class="message message--ok" role="status">
        {t('org.sent', { reference: props.reference })}
      </div>
      <p>
        <label for="status-token">{t('org.statusCode')}</label>
        <br />
        <input type="text" id="status-token" readonly value={props.statusToken} size={50} />
      </p>
      <p>
        <a class="button" href={href(ui, `/org/cases/${props.reference}`)}>
          {props.reference}
        </a>
      </p>
    </Frame>
  );
}
