import type { Config } from '../config.js';

// The emergency procedure's clocks. Each notice has three: it must reach the platform, the
// platform must acknowledge it, and the platform must act on it. How long each may take depends
// on the case (urgent cases run tighter, and a category may have its own windows); when one runs
// out, the case is escalated (confirm/escalate-overdue.ts).
//
// The send clock starts when the request was filed. The acknowledge and remove clocks start when
// the notice reached the platform (or, for a notice that never did, when the request was filed):
// a platform is measured on the time it had, the case on the time the person has waited.

export const clockNames = ['send', 'acknowledge', 'remove'] as const;
export type ClockName = (typeof clockNames)[number];
export type ClockWindows = Record<ClockName, number>;

export type ClockConfig = Pick<
  Config,
  | 'CLOCK_URGENT_SEND_MS'
  | 'CLOCK_URGENT_ACKNOWLEDGE_MS'
  | 'CLOCK_URGENT_REMOVE_MS'
  | 'CLOCK_SEND_MS'
  | 'CLOCK_ACKNOWLEDGE_MS'
  | 'CLOCK_REMOVE_MS'
  | 'CLOCKS_BY_CATEGORY'
  | 'CLOCK_REMOVE_REPEATS'
>;

export function clockWindows(config: ClockConfig, request: { urgent: boolean; category: string }): ClockWindows {
  const base: ClockWindows = request.urgent
    ? { send: config.CLOCK_URGENT_SEND_MS, acknowledge: config.CLOCK_URGENT_ACKNOWLEDGE_MS, remove: config.CLOCK_URGENT_REMOVE_MS }
    : { send: config.CLOCK_SEND_MS, acknowledge: config.CLOCK_ACKNOWLEDGE_MS, remove: config.CLOCK_REMOVE_MS };
  const own = config.CLOCKS_BY_CATEGORY[request.category as keyof ClockConfig['CLOCKS_BY_CATEGORY']];
  return { ...base, ...own };
}

/** The shortest window of each clock over every case, so a query can skip what cannot be late. */
export function shortestWindows(config: ClockConfig): ClockWindows {
  const all = [
    clockWindows(config, { urgent: true, category: '' }),
    clockWindows(config, { urgent: false, category: '' }),
    ...Object.keys(config.CLOCKS_BY_CATEGORY).flatMap((category) => [
      clockWindows(config, { urgent: true, category }),
      clockWindows(config, { urgent: false, category }),
    ]),
  ];
  return {
    send: Math.min(...all.map((w) => w.send)),
    acknowledge: Math.min(...all.map((w) => w.acknowledge)),
    remove: Math.min(...all.map((w) => w.remove)),
  };
}

export interface ClockedSubmission {
  status: string;
  createdAt: number;
  submittedAt: number | null;
  acknowledgedAt: number | null;
}

const notSent = new Set(['queued', 'sending', 'manual_pending']);

/** The clocks that are running for a submission in its present state, with their deadlines. */
export function runningClocks(sub: ClockedSubmission, windows: ClockWindows): Array<{ clock: ClockName; deadline: number }> {
  const sentAt = sub.submittedAt ?? sub.createdAt;
  const running: Array<{ clock: ClockName; deadline: number }> = [];
  if (notSent.has(sub.status) && sub.acknowledgedAt === null) running.push({ clock: 'send', deadline: sub.createdAt + windows.send });
  if (sub.status === 'submitted' && sub.acknowledgedAt === null)
    running.push({ clock: 'acknowledge', deadline: sentAt + windows.acknowledge });
  if (sub.status === 'submitted' || sub.status === 'acknowledged') running.push({ clock: 'remove', deadline: sentAt + windows.remove });
  return running;
}

/** The clocks that have run out at `now`; the submission is overdue while there is one. */
export function expiredClocks(sub: ClockedSubmission, windows: ClockWindows, now: number): Array<{ clock: ClockName; deadline: number }> {
  return runningClocks(sub, windows).filter((c) => c.deadline <= now);
}

export function formatWindow(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = ms / 3_600_000;
  if (hours <= 48 && Number.isInteger(hours)) return `${hours} h`;
  const days = ms / 86_400_000;
  return Number.isInteger(days) ? `${days} days` : `${Math.round(hours)} h`;
}
