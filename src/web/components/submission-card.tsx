import type { CaseView } from '../../cases/case-view.js';
import { platformLabel, submissionNext, submissionSince, submissionState, submissionTone, type SubmissionView } from '../case-words.js';
import { formatDateTime, isoString } from '../format.js';
import type { PageUi } from '../page-ui.js';
import { CopyButton } from './copy-field.js';

const toneClass = { done: 'tag tag--done', problem: 'tag tag--problem', action: 'tag tag--action', neutral: 'tag' } as const;

const isWebAddress = (s: string) => /^https?:\/\//i.test(s);

// One place the content was reported to. The reported links are plain text on purpose: this page
// never links to, previews or loads the content.
export function SubmissionCard(props: { ui: PageUi; view: CaseView; submission: SubmissionView; index: number }) {
  const { ui, view, submission: s, index } = props;
  const { t, locale } = ui;
  const name = platformLabel(t, s);
  const since = submissionSince(view, s);
  const fmt = (iso: string) => formatDateTime(locale, iso);
  const headingId = `platform-${index}`;
  return (
    <section class="card" aria-labelledby={headingId} data-platform={s.platform} data-status={s.status}>
      <h3 id={headingId}>{name}</h3>
      <p>
        <span class={toneClass[submissionTone(s)]}>{submissionState(t, s)}</span>{' '}
        <span class="muted">
          <time datetime={isoString(since)}>{t('status.since', { date: fmt(since) })}</time>
        </span>
      </p>
      <p>{submissionNext(t, s, fmt)}</p>
      {s.ticketId ? <p>{t('status.ticket', { ticket: s.ticketId })}</p> : null}
      {s.status === 'rejected' ? (
        // Never lastError: it says how a send went (status codes, bodies, SMTP replies), for caseworkers.
        <p>{s.refusalReason ? t('status.reason', { reason: s.refusalReason }) : t('status.reasonNone')}</p>
      ) : null}
      <p class="muted">{t('status.links')}</p>
      <ul class="link-list">
        {s.urls.map((u) => (
          <li>{u}</li>
        ))}
      </ul>
      {s.manualTask ? <ManualTask ui={ui} name={name} index={index} task={s.manualTask} /> : null}
    </section>
  );
}

function ManualTask(props: { ui: PageUi; name: string; index: number; task: NonNullable<SubmissionView['manualTask']> }) {
  const { ui, name, index, task } = props;
  const { t } = ui;
  const textId = `prepared-${index}`;
  // Without a known form there is no form to open: the steps would send the person looking for one.
  const hasForm = !!task.formUrl && isWebAddress(task.formUrl);
  return (
    <div class="manual-task">
      <h4>{t('status.manualTitle')}</h4>
      {hasForm ? (
        <ol class="steps">
          <li>{t('status.manualStep1')}</li>
          <li>{t('status.manualStep2', { platform: name })}</li>
          <li>{t('status.manualStep3')}</li>
          <li>{t('status.manualStep4')}</li>
        </ol>
      ) : null}
      {hasForm ? (
        <p>
          <a href={task.formUrl!} rel="noreferrer" class="button button--secondary" data-official-form>
            {t('status.manualForm', { platform: name })}
          </a>
        </p>
      ) : (
        <p>{t('status.manualNoForm')}</p>
      )}
      <div class="field">
        <label for={textId}>{t('status.manualText')}</label>
        <textarea id={textId} class="prepared-text" rows={12} readonly spellcheck={false}>
          {task.text}
        </textarea>
        <div class="copy-row">
          <CopyButton ui={ui} target={textId} label={t('status.copyText')} />
        </div>
      </div>
    </div>
  );
}
