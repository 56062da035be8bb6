import { HOST_PREFIX } from '../../platforms/host.js';
import type { CaseView } from '../cases/case-view.js';
import { requestStatuses, submissionStatuses, type EventType, type RequestStatus, type SubmissionStatus } from '../cases/event-types.js';
import type { Translate } from './i18n.js';

// A case in the reader's words: which place, where it stands, since when, what happens next.

export type SubmissionView = CaseView['submissions'][number];

export function platformLabel(t: Translate, submission: Pick<SubmissionView, 'platform' | 'platformName'>): string {
  // Hosts found by domain have an English name made by the router; say it in the page's language.
  if (submission.platform.startsWith(HOST_PREFIX)) return t('status.hostName', { domain: submission.platform.slice(HOST_PREFIX.length) });
  return submission.platformName;
}

/** What the confirmation says happens next for one place, by how it is reached. */
export function nextOnConfirmation(t: Translate, submission: SubmissionView): string {
  const platform = platformLabel(t, submission);
  if (submission.platform.startsWith(HOST_PREFIX) || submission.channel === 'host') {
    // The site's own name: "unknown-club.be is not a platform we know", not "The host of …".
    const domain = submission.platform.startsWith(HOST_PREFIX) ? submission.platform.slice(HOST_PREFIX.length) : submission.platformName;
    return t('confirm.next_host', { domain });
  }
  if (submission.channel === 'manual') return t('confirm.next_manual', { platform });
  if (submission.channel === 'email') return t('confirm.next_email', { platform });
  return t('confirm.next_http', { platform });
}

const knownStatuses: ReadonlySet<string> = new Set(submissionStatuses);

// A state this page does not know yet is said in general words rather than guessed at.
const known = (status: string): SubmissionStatus | 'unknown' => (knownStatuses.has(status) ? (status as SubmissionStatus) : 'unknown');

export function submissionState(t: Translate, submission: SubmissionView): string {
  return t(`status.sub_${known(submission.status)}`);
}

export function submissionNext(t: Translate, submission: SubmissionView, formatDate: (iso: string) => string): string {
  const status = known(submission.status);
  if (status === 'queued' && submission.attempts > 0 && submission.nextAttemptAt) {
    return t('status.next_retry', { date: formatDate(submission.nextAttemptAt) });
  }
  return t(`status.next_${status}`);
}

export function submissionTone(submission: SubmissionView): 'done' | 'problem' | 'action' | 'neutral' {
  switch (submission.status) {
    case 'removed':
      return 'done';
    case 'rejected':
    case 'failed':
      return 'problem';
    case 'manual_pending':
      return 'action';
    default:
      return 'neutral';
  }
}

/** When the submission reached the state it is in: the last thing that happened to it. */
export function submissionSince(view: CaseView, submission: SubmissionView): string {
  const own = view.events.filter((e) => e.platform === submission.platform).map((e) => e.at);
  const candidates = [submission.resolvedAt, submission.acknowledgedAt, submission.submittedAt, ...own].filter(
    (x): x is string => typeof x === 'string',
  );
  return candidates.reduce((latest, at) => (Date.parse(at) > Date.parse(latest) ? at : latest), view.createdAt);
}

const knownRequestStatuses: ReadonlySet<string> = new Set(requestStatuses);

export function requestState(t: Translate, status: string): string {
  const s = knownRequestStatuses.has(status) ? (status as RequestStatus) : 'in_progress';
  return t(`status.state_${s}`);
}

// Words for each kind of event. 'flagged' is staff only and never reaches this page; a kind added
// later is left out until it has words here, rather than shown raw.
const eventKeys = {
  created: 'events.created',
  routed: 'events.routed',
  attempt_failed: 'events.attempt_failed',
  submitted: 'events.submitted',
  acknowledged: 'events.acknowledged',
  removed: 'events.removed',
  rejected: 'events.rejected',
  failed: 'events.failed',
  escalated: 'events.escalated',
  verified_gone: 'events.verified_gone',
  verified_online: 'events.verified_online',
  withdrawn: 'events.withdrawn',
  closed: 'events.closed',
  // Personal data erased on the retention clock: the person is told their details are gone.
  purged: 'events.purged',
  retried: 'events.retried',
  renotified: 'events.renotified',
  reminded: 'events.reminder_sent',
  reminder_failed: 'events.reminder_failed',
} as const satisfies Partial<Record<EventType, string>>;

// Reminders were written as the service's own notes before they had kinds of their own
// ("reminder <n> sent to <platform>"); cases from then still read as reminders.
const reminderSent = /^reminder \d+ sent to /;
const reminderNotSent = /^reminder \d+ to .* could not be sent/;

/** An event in words, or null for a kind this page does not know yet (it is left out, not shown raw). */
export function eventWords(t: Translate, event: Pick<CaseView['events'][number], 'kind' | 'detail' | 'by'>): string | null {
  if (event.kind === 'note') {
    const detail = event.detail ?? '';
    if (event.by === 'system' && reminderSent.test(detail)) return t('events.reminder_sent');
    if (event.by === 'system' && reminderNotSent.test(detail)) return t('events.reminder_failed');
    return event.by === 'caseworker' ? t('events.note') : t('events.update');
  }
  const key = (eventKeys as Partial<Record<string, (typeof eventKeys)[keyof typeof eventKeys]>>)[event.kind];
  return key ? t(key) : null;
}
