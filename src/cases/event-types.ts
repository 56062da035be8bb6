export const eventTypes = [
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
  // Personal data erased on the retention clock; the rest of the timeline stays.
  'purged',
  // A caseworker sent a notice again: at once after a failure (retry), or as a reminder (re-notify).
  'retried',
  'renotified',
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
