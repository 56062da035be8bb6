import type { Database_ } from '../db/client.js';

export interface DurationFigures {
  /** How many notices the figures are taken over. */
  count: number;
  medianMs: number | null;
  p90Ms: number | null;
}

export interface PlatformFigures {
  platform: string;
  /** Notices that reached the platform (sent by the service or filed by hand). */
  notices: number;
  acknowledged: number;
  removed: number;
  rejected: number;
  /** Still waiting for the platform's final answer. */
  open: number;
  /** Share of notices that led to removal, and that the platform refused; null without notices. */
  shareRemoved: number | null;
  shareRejected: number | null;
  /** From the notice reaching the platform to its first acknowledgement (a removal counts as one). */
  timeToAcknowledgement: DurationFigures;
  /** From the notice reaching the platform to the removal of all its links. */
  timeToRemoval: DurationFigures;
}

// How each platform answers, measured on what really happened to the notices sent to it: what
// GET /api/v1/stats/platforms, /metrics and the dashboard show. Percentiles are nearest-rank
// (the value below which that share of notices fall), so every figure is a time some notice took.
export function platformStats(database: Database_, options: { since?: number } = {}): PlatformFigures[] {
  const rows = database.sqlite
    .prepare<
      [number],
      { platform_id: string; status: string; submitted_at: number; acknowledged_at: number | null; resolved_at: number | null }
    >(
      `SELECT platform_id, status, submitted_at, acknowledged_at, resolved_at FROM submissions
       WHERE submitted_at IS NOT NULL AND submitted_at >= ?`,
    )
    .all(options.since ?? 0);
  const byPlatform = new Map<string, typeof rows>();
  for (const r of rows) byPlatform.set(r.platform_id, [...(byPlatform.get(r.platform_id) ?? []), r]);
  return [...byPlatform.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([platform, subs]) => {
      const removed = subs.filter((s) => s.status === 'removed');
      const rejected = subs.filter((s) => s.status === 'rejected').length;
      const acknowledged = subs.filter((s) => s.acknowledged_at !== null);
      return {
        platform,
        notices: subs.length,
        acknowledged: acknowledged.length,
        removed: removed.length,
        rejected,
        open: subs.filter((s) => s.status === 'submitted' || s.status === 'acknowledged').length,
        shareRemoved: ratio(removed.length, subs.length),
        shareRejected: ratio(rejected, subs.length),
        timeToAcknowledgement: durations(acknowledged.map((s) => s.acknowledged_at! - s.submitted_at)),
        timeToRemoval: durations(removed.filter((s) => s.resolved_at !== null).map((s) => s.resolved_at! - s.submitted_at)),
      };
    });
}

function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;
}

function durations(values: number[]): DurationFigures {
  // A confirmation that raced the send's own record can come out a few ms early; it counts as 0.
  const sorted = values.map((v) => Math.max(0, v)).sort((a, b) => a - b);
  return { count: sorted.length, medianMs: nearestRank(sorted, 0.5), p90Ms: nearestRank(sorted, 0.9) };
}

export function nearestRank(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
}
