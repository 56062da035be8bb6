import type { ScorecardRow } from '../scorecard-figures.js';
import { Frame, type AdminUi } from '../frame.js';
import { formatDuration } from '../../format.js';

// A horizontal bar per platform: the share of its notices that led to removal. Drawn on the
// server as SVG, with the figures in the table above for anyone who cannot see the chart.
function RemovalChart(props: { ui: AdminUi; rows: ScorecardRow[]; names: Map<string, string> }) {
  const barHeight = 22;
  const labelWidth = 170;
  const width = 560;
  const trackWidth = width - labelWidth - 50;
  const height = props.rows.length * (barHeight + 8) + 8;
  return (
    <svg class="chart" role="img" aria-labelledby="chart-title" viewBox={`0 0 ${width} ${height}`} width="100%">
      <title id="chart-title">{props.ui.t('scorecard.chart')}</title>
      {props.rows.map((r, i) => {
        const y = 8 + i * (barHeight + 8);
        const share = r.shareRemoved ?? 0;
        return (
          <g>
            <text x={labelWidth - 8} y={y + barHeight * 0.7} text-anchor="end">
              {(props.names.get(r.platform) ?? r.platform).slice(0, 26)}
            </text>
            <rect class="track" x={labelWidth} y={y} width={trackWidth} height={barHeight} rx={3} />
            <rect class="bar" x={labelWidth} y={y} width={Math.round(trackWidth * share)} height={barHeight} rx={3} />
            <text x={labelWidth + trackWidth + 6} y={y + barHeight * 0.7}>
              {`${Math.round(share * 100)}%`}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

export function ScorecardPage(props: { ui: AdminUi; rows: ScorecardRow[]; names: Map<string, string> }) {
  const { ui, rows } = props;
  const { t } = ui;
  return (
    <Frame ui={ui} title={t('scorecard.title')} current="/admin/scorecard">
      {rows.length === 0 ? (
        <p class="card">{t('scorecard.empty')}</p>
      ) : (
        <>
          <table>
            <caption>{t('scorecard.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('scorecard.platform')}</th>
                <th scope="col" class="num">
                  {t('scorecard.notices')}
                </th>
                <th scope="col" class="num">
                  {t('scorecard.removed')}
                </th>
                <th scope="col" class="num">
                  {t('scorecard.rejected')}
                </th>
                <th scope="col" class="num">
                  {t('scorecard.open')}
                </th>
                <th scope="col" class="num">
                  {t('scorecard.medianAck')}
                </th>
                <th scope="col" class="num">
                  {t('scorecard.medianRemoval')}
                </th>
                <th scope="col" class="num">
                  {t('scorecard.p90Removal')}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr>
                  <th scope="row">{props.names.get(r.platform) ?? r.platform}</th>
                  <td class="num">{r.notices}</td>
                  <td class="num">{r.removed}</td>
                  <td class="num">{r.rejected}</td>
                  <td class="num">{r.open}</td>
                  <td class="num">{formatDuration(ui.locale, r.medianAckMs)}</td>
                  <td class="num">{formatDuration(ui.locale, r.medianRemovalMs)}</td>
                  <td class="num">{formatDuration(ui.locale, r.p90RemovalMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>{t('scorecard.chart')}</h2>
          <RemovalChart ui={ui} rows={rows} names={props.names} />
        </>
      )}
    </Frame>
  );
}
