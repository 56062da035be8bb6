import type { EventRow } from '../../../db/schema.js';
import type { DashboardCase } from '../case-data.js';
import { CsrfField, Flash, Frame, href, type AdminUi } from '../frame.js';
import { formatDate } from '../translate.js';
import { CaseBadges, caseAuditLabel, channelLabel, eventLabel, roleLabel, StatusText, SubmissionStatusText } from './parts.js';

export function actorLabel(actor: string, names: Map<string, string>): string {
  if (actor.startsWith('account:')) return names.get(actor.slice(8)) ?? actor;
  return actor;
}

export function Timeline(props: { ui: AdminUi; events: EventRow[]; names: Map<string, string> }) {
  return (
    <ol class="timeline">
      {props.events.map((e) => (
        <li>
          <time datetime={new Date(e.at).toISOString()}>{formatDate(props.ui.locale, e.at)}</time>{' '}
          <strong>{eventLabel(props.ui, e.type)}</strong>
          {e.platformId ? ` · ${e.platformId}` : ''} · <span class="muted">{actorLabel(e.actor, props.names)}</span>
          {e.detail ? <div>{e.detail}</div> : null}
        </li>
      ))}
    </ol>
  );
}

function ActionForm(props: { ui: AdminUi; reference: string; action: string; submissionId?: string; children?: unknown }) {
  return (
    <form method="post" action={href(props.ui, `/admin/cases/${props.reference}/${props.action}`)}>
      <CsrfField ui={props.ui} />
      {props.submissionId ? <input type="hidden" name="submissionId" value={props.submissionId} /> : null}
      {props.children as never}
    </form>
  );
}

export function CasePage(props: {
  ui: AdminUi;
  data: DashboardCase;
  names: Map<string, string>;
  message?: { kind: 'ok' | 'error'; text: string };
}) {
  const { ui, data, names } = props;
  const { t } = ui;
  const { view, contact, request } = data;
  const ref = view.reference;
  const open = request.closedAt === null;
  return (
    <Frame ui={ui} title={t('case.title', { reference: ref })} current="/admin">
      <Flash kind={props.message?.kind ?? 'ok'} text={props.message?.text} />
      <p>
        <CaseBadges ui={ui} row={{ urgent: view.urgent, overdue: request.overdue, reviewReason: request.reviewReason }} />
      </p>
      <section class="card" aria-labelledby="summary-h">
        <h2 id="summary-h">{t('case.summary')}</h2>
        <dl class="facts">
          <dt>{t('case.status')}</dt>
          <dd>
            <StatusText ui={ui} status={view.status} />
          </dd>
          <dt>{t('case.category')}</dt>
          <dd>{t(`category.${view.category as 'other'}`)}</dd>
          <dt>{t('case.filedAt')}</dt>
          <dd>{formatDate(ui.locale, view.createdAt)}</dd>
          <dt>{t('case.updatedAt')}</dt>
          <dd>{formatDate(ui.locale, view.updatedAt)}</dd>
          {data.ownerName ? (
            <>
              <dt>{t('case.owner')}</dt>
              <dd>{data.ownerName}</dd>
            </>
          ) : null}
        </dl>
        <p class="no-print">
          <a href={href(ui, `/admin/cases/${ref}/evidence`)}>{t('case.exportHtml')}</a> ·{' '}
          <a href={href(ui, `/admin/cases/${ref}/evidence.json`)}>{t('case.exportJson')}</a>
        </p>
      </section>

      <section class="card" aria-labelledby="contact-h">
        <h2 id="contact-h">{t('case.contact')}</h2>
        <p class="muted">{t('case.contactLogged')}</p>
        {contact.purged ? (
          <p>{t('case.purged', { date: formatDate(ui.locale, request.personalDataPurgedAt) })}</p>
        ) : contact.reporter ? (
          <dl class="facts">
            <dt>{t('case.role')}</dt>
            <dd>{roleLabel(ui, contact.reporter.role)}</dd>
            {contact.reporter.name ? (
              <>
                <dt>{t('case.name')}</dt>
                <dd>{contact.reporter.name}</dd>
              </>
            ) : null}
            {contact.reporter.email ? (
              <>
                <dt>{t('case.email')}</dt>
                <dd>
                  <a href={`mailto:${contact.reporter.email}`}>{contact.reporter.email}</a>
                </dd>
              </>
            ) : null}
            {contact.reporter.phone ? (
              <>
                <dt>{t('case.phone')}</dt>
                <dd>{contact.reporter.phone}</dd>
              </>
            ) : null}
          </dl>
        ) : (
          <p>{t('case.anonymous')}</p>
        )}
        {contact.explanation ? (
          <>
            <h3>{t('case.explanation')}</h3>
            <p class="pre">{contact.explanation}</p>
          </>
        ) : null}
      </section>

      <h2>{t('case.submissions')}</h2>
      {view.submissions.map((s) => {
        const detail = data.details.get(s.id);
        return (
          <section class="card" aria-labelledby={`sub-${s.id}`} id={`submission-${s.id}`}>
            <h3 id={`sub-${s.id}`}>
              {s.platformName} <span class="muted">({channelLabel(ui, s.channel)})</span> ·{' '}
              <SubmissionStatusText ui={ui} status={s.status} />
            </h3>
            <dl class="facts">
              <dt>{t('case.attempts')}</dt>
              <dd>{s.attempts}</dd>
              <dt>{t('case.ticket')}</dt>
              <dd>{s.ticketId ?? '—'}</dd>
              <dt>{t('case.submittedAt')}</dt>
              <dd>{formatDate(ui.locale, s.submittedAt)}</dd>
              {s.nextAttemptAt ? (
                <>
                  <dt>{t('case.nextAttempt')}</dt>
                  <dd>{formatDate(ui.locale, s.nextAttemptAt)}</dd>
                </>
              ) : null}
              {s.lastError ? (
                <>
                  <dt>{t('case.lastError')}</dt>
                  <dd>{s.lastError}</dd>
                </>
              ) : null}
            </dl>
            <h4>{t('case.links')}</h4>
            <ul class="links">
              {s.urls.map((u) => (
                <li>{u}</li>
              ))}
            </ul>
            {detail?.noticeText ? (
              <details>
                <summary>{t('case.noticeAsSent')}</summary>
                <label for={`notice-${s.id}`} class="visually-hidden">
                  {t('case.noticeAsSent')}
                </label>
                <textarea id={`notice-${s.id}`} class="notice" readonly rows={12}>
                  {detail.noticeText}
                </textarea>
                <button type="button" class="secondary" data-copy={`notice-${s.id}`} data-copied="✓" hidden>
                  {t('case.copy')}
                </button>
                <span id={`notice-${s.id}-copied`} class="copy-status" role="status"></span>
                {detail.formUrl ? (
                  <p>
                    <a href={detail.formUrl} rel="noreferrer noopener" target="_blank">
                      {t('case.formLink')}
                    </a>
                  </p>
                ) : null}
              </details>
            ) : null}
            {detail && detail.events.length ? (
              <>
                <h4>{t('case.timeline')}</h4>
                <Timeline ui={ui} events={detail.events} names={names} />
              </>
            ) : null}
            {open ? (
              <div class="actions no-print">
                {s.status === 'queued' || s.status === 'failed' ? (
                  <ActionForm ui={ui} reference={ref} action="retry" submissionId={s.id}>
                    <button type="submit">{t('action.retry')}</button>
                  </ActionForm>
                ) : null}
                {s.status === 'manual_pending' ? (
                  <ActionForm ui={ui} reference={ref} action="filed" submissionId={s.id}>
                    <label for={`ticket-${s.id}`}>{t('action.ticketId')}</label>
                    <input type="text" id={`ticket-${s.id}`} name="ticketId" maxlength={200} />
                    <button type="submit">{t('action.markFiled')}</button>
                  </ActionForm>
                ) : null}
                {['submitted', 'acknowledged', 'rejected'].includes(s.status) ? (
                  <ActionForm ui={ui} reference={ref} action="renotify" submissionId={s.id}>
                    <button type="submit" class="secondary">
                      {t('action.renotify')}
                    </button>
                  </ActionForm>
                ) : null}
                {['submitted', 'acknowledged', 'failed'].includes(s.status) ? (
                  <ActionForm ui={ui} reference={ref} action="outcome" submissionId={s.id}>
                    <label for={`outcome-${s.id}`}>{t('action.outcome')}</label>
                    <select id={`outcome-${s.id}`} name="outcome">
                      <option value="acknowledged">{t('action.outcomeAcknowledged')}</option>
                      <option value="removed">{t('action.outcomeRemoved')}</option>
                      <option value="rejected">{t('action.outcomeRejected')}</option>
                    </select>
                    <label for={`outcome-note-${s.id}`}>{t('action.outcomeNote')}</label>
                    <input type="text" id={`outcome-note-${s.id}`} name="note" maxlength={2000} />
                    <button type="submit">{t('action.record')}</button>
                  </ActionForm>
                ) : null}
                <ActionForm ui={ui} reference={ref} action="escalate" submissionId={s.id}>
                  <label for={`escalate-${s.id}`}>{t('action.escalateText')}</label>
                  <input type="text" id={`escalate-${s.id}`} name="text" required maxlength={2000} />
                  <button type="submit" class="secondary">
                    {t('action.escalate')}
                  </button>
                </ActionForm>
              </div>
            ) : null}
          </section>
        );
      })}

      <section class="card no-print" aria-labelledby="actions-h">
        <h2 id="actions-h">{t('case.actions')}</h2>
        <div class="actions">
          <ActionForm ui={ui} reference={ref} action="note">
            <label for="note-text">{t('action.note')}</label>
            <textarea id="note-text" name="text" rows={3} required maxlength={4000}></textarea>
            <button type="submit">{t('action.addNote')}</button>
          </ActionForm>
          {open && request.withdrawnAt === null ? (
            <ActionForm ui={ui} reference={ref} action="withdraw">
              <button type="submit" class="secondary">
                {t('action.withdraw')}
              </button>
            </ActionForm>
          ) : null}
          {open ? (
            <ActionForm ui={ui} reference={ref} action="close">
              <label for="close-reason">{t('action.closeReason')}</label>
              <input type="text" id="close-reason" name="reason" maxlength={500} />
              <button type="submit" class="secondary">
                {t('action.close')}
              </button>
            </ActionForm>
          ) : null}
          {request.personalDataPurgedAt === null && open ? <p class="muted">{t('action.purgeAfterClose')}</p> : null}
          {request.personalDataPurgedAt === null && !open ? (
            <ActionForm ui={ui} reference={ref} action="purge">
              <p class="muted">{t('action.purgeWarning')}</p>
              <button type="submit" class="danger">
                {t('action.purge')}
              </button>
            </ActionForm>
          ) : null}
        </div>
      </section>

      <h2>{t('case.timeline')}</h2>
      <Timeline ui={ui} events={data.caseEvents} names={names} />

      <h2>{t('case.views')}</h2>
      <ol class="timeline">
        {data.views.map((v) => (
          <li>
            <time datetime={new Date(v.at).toISOString()}>{formatDate(ui.locale, v.at)}</time> {caseAuditLabel(ui, v.action)} ·{' '}
            {actorLabel(v.actor, names)}
          </li>
        ))}
      </ol>
    </Frame>
  );
}
