import type { EvidenceRecord } from '../../../cases/evidence.js';
import { Frame, type AdminUi } from '../frame.js';
import { formatDate } from '../translate.js';
import { actorLabel } from './case-page.js';
import { eventLabel } from './parts.js';

export function EvidencePage(props: { ui: AdminUi; record: EvidenceRecord; names: Map<string, string> }) {
  const { ui, record, names } = props;
  const { t } = ui;
  const Events = (p: { events: EvidenceRecord['caseTimeline']; caption: string }) => (
    <table>
      <caption>{p.caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('evidence.when')}</th>
          <th scope="col">{t('evidence.what')}</th>
          <th scope="col">{t('evidence.who')}</th>
          <th scope="col">{t('evidence.detail')}</th>
        </tr>
      </thead>
      <tbody>
        {p.events.map((e) => (
          <tr>
            <td>
              <time datetime={e.at}>{e.at}</time>
            </td>
            <td>{eventLabel(ui, e.type)}</td>
            <td>{actorLabel(e.by, names)}</td>
            <td>{e.detail ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
  return (
    <Frame ui={ui} title={t('evidence.title', { reference: record.case.reference })}>
      <p>{t('evidence.intro', { date: formatDate(ui.locale, record.generatedAt) })}</p>
      <p class="no-print muted">{t('evidence.print')}</p>
      <dl class="facts card">
        <dt>{t('case.category')}</dt>
        <dd>{t(`category.${record.case.category as 'other'}`)}</dd>
        <dt>{t('case.status')}</dt>
        <dd>{record.case.status}</dd>
        <dt>{t('case.filedAt')}</dt>
        <dd>{record.case.createdAt}</dd>
      </dl>
      {record.notices.map((n, i) => (
        <section class="card" aria-labelledby={`n-${i}`}>
          <h2 id={`n-${i}`}>{t('evidence.notice', { platform: n.platformName })}</h2>
          <dl class="facts">
            <dt>{t('evidence.noticeId')}</dt>
            <dd>
              <code>{n.noticeId}</code>
            </dd>
            <dt>{t('case.status')}</dt>
            <dd>{n.status}</dd>
            <dt>{t('case.attempts')}</dt>
            <dd>{n.attempts}</dd>
            <dt>{t('case.ticket')}</dt>
            <dd>{n.ticketId ?? '—'}</dd>
            <dt>{t('case.submittedAt')}</dt>
            <dd>{n.submittedAt ?? '—'}</dd>
          </dl>
          <h3>{t('evidence.content')}</h3>
          <pre class="pre">{JSON.stringify(n.notice, null, 2)}</pre>
          <Events events={n.timeline} caption={t('evidence.events')} />
        </section>
      ))}
      <h2>{t('case.timeline')}</h2>
      <Events events={record.caseTimeline} caption={t('case.timeline')} />
    </Frame>
  );
}
