// The event types the public contract names (shared/CONTRACT.md). A client built from it knows
// these and no others, so the case view gives every other event as a 'note' whose `kind` says
// which it is (case-view.ts).
export const contractEventTypes = [
  'created',
  'routed',
  'attempt_failed',
  'submitted',
  'acknowledged',
  'removed',
  'rejected',
  'failed',
  'escalated',
  'verified_gone',
  'verified_online',
  'note',
  'withdrawn',
  'closed',
] as const;
export type ContractEventType = (typeof contractEventTypes)[number];

export const eventTypes = [
  ...contractEventTypes,
  // Personal data erased on the retention clock; the rest of the timeline stays.
  'purged',
  // A case set aside for a caseworker's review (e.g. a burst from one address); staff only.
  'flagged',
  // A caseworker sent a notice again: at once after a failure (retry), or as a reminder (re-notify).
  'retried',
  'renotified',
  // A reminder of a notice went to the platform (response clocks, or a caseworker's re-notify), or
  // could not be sent. Written as notes before these existed; read both ways.
  'reminded',
  'reminder_failed',
] as const;
export type EventType = (typeof eventTypes)[number];

export const submissionStatuses = [
  'queued',
  'sending',
  'submitted',
  'acknowledged',
  'removed',
  'rejected',
  'failed',
  'manual_pending',
  'withdrawn',
] as const;
export type SubmissionStatus = (typeof submissionStatuses)[number];

export const requestStatuses = ['open', 'in_progress', 'resolved', 'partially_resolved', 'needs_attention', 'withdrawn', 'closed'] as const;
export type RequestStatus = (typeof requestStatuses)[number];

export type ItemStatus = 'reported' | 'removed' | 'online';

// Submissions that still have work ahead of them; withdrawing stops exactly these.
export const pendingSubmissionStatuses: SubmissionStatus[] = ['queued', 'manual_pending'];
