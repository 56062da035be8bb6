import { eventSource } from './event-source.js';

// Why a platform refused a notice, in words fit for the person who asked: only what the platform
// itself said when it answered (a webhook or status check, actor `platform:<id>`) or what a
// caseworker recorded of its answer (actor `account:<id>`). A refusal met while sending (the
// notice's lastError) says how the send went: an HTTP status with the body, an SMTP reply, a
// placeholder of ours. That is for caseworkers; the person is given a general sentence instead.

const placeholders = new Set(['rejected by the platform', 'refused by the platform']);

const MAX_SHOWN = 500;

// Machine text that can still arrive as a platform's "reason": status lines, JSON, SMTP replies
// (e.g. "550 5.7.1 …"), markup, stack traces.
const machineLike = [
  /^HTTP\s*\/?\s*\d/i,
  /^\s*[{[<]/,
  /^\d{3}(?:[\s-]|$)/,
  /\b[245]\.\d{1,3}\.\d{1,3}\b/,
  /\b(?:SMTP|ECONN\w*|ETIMEDOUT|ENOTFOUND|EAI_AGAIN)\b/i,
  /\bat\s+\S+\s+\(.*:\d+:\d+\)/,
];

/**
 * The platform's own reason for the latest refusal among a submission's events (oldest first),
 * or null when it gave none a person can read.
 */
export function refusalReason(events: ReadonlyArray<{ type: string; actor: string; detail: string | null }>): string | null {
  const last = events.filter((e) => e.type === 'rejected').at(-1);
  if (!last || !['platform', 'caseworker'].includes(eventSource(last.actor))) return null;
  const text = (last.detail ?? '').trim();
  if (text === '' || text.length > MAX_SHOWN || placeholders.has(text.toLowerCase())) return null;
  if (machineLike.some((re) => re.test(text))) return null;
  return text;
}
