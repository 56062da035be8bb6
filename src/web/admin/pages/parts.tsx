import { requestStatuses } from '../../../cases/event-types.js';
import type { AdminUi } from '../frame.js';

export function CaseBadges(props: { ui: AdminUi; row: { urgent: boolean; overdue: boolean; reviewReason?: string | null } }) {
  const { t } = props.ui;
  return (
    <>
      {props.row.urgent ? <span class="badge badge--urgent">{t('badge.urgent')}</span> : null}
      {props.row.overdue ? <span class="badge badge--overdue">{t('badge.overdue')}</span> : null}
      {props.row.reviewReason ? <span class="badge badge--review">{t('badge.review', { reason: props.row.reviewReason })}</span> : null}
    </>
  );
}

export function StatusText(props: { ui: AdminUi; status: string }) {
  return (
    <span class={`status status--${props.status}`}>
      {(requestStatuses as readonly string[]).includes(props.status)
        ? props.ui.t(`status.${props.status as 'open'}`)
        : props.status.replace(/_/g, ' ')}
    </span>
  );
}
