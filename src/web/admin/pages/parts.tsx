import { channelTypes, reporterRoles } from '../../../../platforms/types.js';
import { eventTypes, requestStatuses, submissionStatuses } from '../../../cases/event-types.js';
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

// A value newer than this build's words is shown as it is stored, rather than hidden.
const asStored = (value: string) => value.replace(/_/g, ' ');
const isOneOf = (list: readonly string[], value: string) => list.includes(value);

export function StatusText(props: { ui: AdminUi; status: string }) {
  return (
    <span class={`status status--${props.status}`}>
      {isOneOf(requestStatuses, props.status) ? props.ui.t(`status.${props.status as 'open'}`) : asStored(props.status)}
    </span>
  );
}

export function submissionStatusLabel(ui: AdminUi, status: string): string {
  return isOneOf(submissionStatuses, status) ? ui.t(`submission.${status as 'queued'}`) : asStored(status);
}

export function SubmissionStatusText(props: { ui: AdminUi; status: string }) {
  return <span class={`status status--${props.status}`}>{submissionStatusLabel(props.ui, props.status)}</span>;
}

export function eventLabel(ui: AdminUi, type: string): string {
  return isOneOf(eventTypes, type) ? ui.t(`event.${type as 'created'}`) : asStored(type);
}

export function roleLabel(ui: AdminUi, role: string): string {
  return isOneOf(reporterRoles, role) ? ui.t(`role.${role as 'victim'}`) : asStored(role);
}

/** How a notice travels (its channel), in the page's language. */
export function channelLabel(ui: AdminUi, channel: string): string {
  return isOneOf(channelTypes, channel) ? ui.t(`channel.${channel as 'http'}`) : asStored(channel);
}

/** What a person did with a case (its audit entries), in the page's language. */
export function caseAuditLabel(ui: AdminUi, action: string): string {
  if (action === 'contact_viewed' || action === 'evidence_exported') return ui.t(`audit.${action}`);
  return asStored(action);
}
