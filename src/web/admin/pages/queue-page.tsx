import { categories, channelTypes } from '../../../../platforms/types.js';
import { requestStatuses } from '../../../cases/event-types.js';
import type { QueueCounts, QueueRow, WorkQueueQuery } from '../../../cases/work-queue.js';
import { Frame, href, withLang, type AdminUi } from '../frame.js';
import { formatDate } from '../translate.js';
import { CaseBadges, channelLabel, StatusText } from './parts.js';

export function QueuePage(props: {
  ui: AdminUi;
  query: WorkQueueQuery;
  counts: QueueCounts;
  rows: QueueRow[];
  nextCursor: string | null;
  platforms: Array<{ id: string; name: string }>;
  error?: string;
}) {
  const { ui, query, counts } = props;
  const { t } = ui;
  const filterUrl = (over: Record<string, string>) => withLang(`/admin?${new URLSearchParams(over)}`, ui.locale);
  const current = Object.fromEntries(
    Object.entries({
      status: query.status === 'active' ? '' : query.status,
      category: query.category ?? '',
      platform: query.platform ?? '',
      channel: query.channel ?? '',
      overdue: query.overdue === undefined ? '' : String(query.overdue),
      urgent: query.urgent === undefined ? '' : String(query.urgent),
    }).filter(([, v]) => v !== ''),
  );
  return (
    <Frame ui={ui} title={t('queue.title')} current="/admin">
      <h2 id="counts-h">{t('queue.counts')}</h2>
      <ul class="counts" aria-labelledby="counts-h">
        <li>
          <a href={filterUrl({})}>
            <span class="n">{counts.active}</span> {t('queue.active')}
          </a>
        </li>
        <li>
          <a href={filterUrl({ urgent: 'true' })}>
            <span class="n">{counts.urgent}</span> {t('queue.urgent')}
          </a>
        </li>
        <li>
          <a href={filterUrl({ overdue: 'true' })}>
            <span class="n">{counts.overdue}</span> {t('queue.overdue')}
          </a>
        </li>
        <li>
          <a href={filterUrl({ status: 'needs_attention' })}>
            <span class="n">{counts.needsAttention}</span> {t('queue.needsAttention')}
          </a>
        </li>
        <li>
          <a href={href(ui, '/admin/manual')}>
            <span class="n">{counts.manualPending}</span> {t('queue.manualPending')}
          </a>
        </li>
      </ul>

      <h2>{t('queue.filters')}</h2>
      <form method="get" action="/admin" class="card filters">
        <input type="hidden" name="lang" value={ui.locale} />
        <div class="field">
          <label for="f-status">{t('queue.status')}</label>
          <select id="f-status" name="status">
            <option value="" selected={query.status === 'active'}>
              {t('queue.statusActive')}
            </option>
            <option value="all" selected={query.status === 'all'}>
              {t('queue.statusAll')}
            </option>
            {requestStatuses.map((s) => (
              <option value={s} selected={query.status === s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-category">{t('queue.category')}</label>
          <select id="f-category" name="category">
            <option value="">{t('queue.any')}</option>
            {categories.map((cat) => (
              <option value={cat} selected={query.category === cat}>
                {t(`category.${cat}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-platform">{t('queue.platform')}</label>
          <input type="text" id="f-platform" name="platform" list="platform-ids" value={query.platform ?? ''} />
          <datalist id="platform-ids">
            {props.platforms.map((p) => (
              <option value={p.id}>{p.name}</option>
            ))}
          </datalist>
        </div>
        <div class="field">
          <label for="f-channel">{t('queue.channel')}</label>
          <select id="f-channel" name="channel">
            <option value="">{t('queue.any')}</option>
            {channelTypes.map((ch) => (
              <option value={ch} selected={query.channel === ch}>
                {channelLabel(ui, ch)}
              </option>
            ))}
          </select>
        </div>
        <label class="check">
          <input type="checkbox" name="overdue" value="true" checked={query.overdue === true} /> {t('queue.overdueOnly')}
        </label>
        <label class="check">
          <input type="checkbox" name="urgent" value="true" checked={query.urgent === true} /> {t('queue.urgentOnly')}
        </label>
        <button type="submit">{t('queue.apply')}</button>
        <a href={filterUrl({})}>{t('queue.reset')}</a>
      </form>

      {props.rows.length === 0 ? (
        <p class="card">{t('queue.empty')}</p>
      ) : (
        <table>
          <caption>{t('queue.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('queue.reference')}</th>
              <th scope="col">{t('queue.status')}</th>
              <th scope="col">{t('queue.category')}</th>
              <th scope="col">{t('queue.platforms')}</th>
              <th scope="col">{t('queue.filed')}</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr>
                <td>
                  <a href={href(ui, `/admin/cases/${r.reference}`)}>{r.reference}</a> <CaseBadges ui={ui} row={r} />
                </td>
                <td>
                  <StatusText ui={ui} status={r.status} />
                </td>
                <td>{t(`category.${r.category as 'other'}`)}</td>
                <td>
                  {r.platforms.split(',').join(', ')}
                  {r.manualPending > 0 ? (
                    <>
                      {' '}
                      <span class="badge badge--overdue">
                        {r.manualPending} {t('queue.manualPending').toLowerCase()}
                      </span>
                    </>
                  ) : null}
                </td>
                <td>{formatDate(ui.locale, r.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p class="pager">
        {query.cursor ? <a href={filterUrl(current)}>{t('queue.first')}</a> : null}
        {props.nextCursor ? <a href={filterUrl({ ...current, cursor: props.nextCursor })}>{t('queue.next')}</a> : null}
      </p>
    </Frame>
  );
}
