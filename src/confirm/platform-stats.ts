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
// (the smallest time that at least that share of notices took no longer than), so every figure
// is a time some notice really took. The work is done in SQLite, which sorts and counts without
// turning every notice into a JavaScript object.
export function platformStats(database: Database_, options: { since?: number } = {}): PlatformFigures[] {
  const since = options.since ?? 0;
  const counts = database.sqlite
    .prepare<[number], { platform: string; notices: number; acknowledged: number; removed: number; rejected: number; open: number }>(
      `SELECT platform_id AS platform, count(*) AS notices,
              sum(acknowledged_at IS NOT NULL) AS acknowledged,
              sum(status = 'removed') AS removed,
              sum(status = 'rejected') AS rejected,
              sum(status IN ('submitted', 'acknowledged')) AS open
       FROM submissions WHERE submitted_at IS NOT NULL AND submitted_at >= ?
       GROUP BY platform_id ORDER BY platform_id`,
    )
    .all(since);
  const toAcknowledge = percentiles(database, {
    since,
    duration: 'acknowledged_at - submitted_at',
    where: 'acknowledged_at IS NOT NULL',
  });
  const toRemove = percentiles(database, {
    since,
    duration: 'resolved_at - submitted_at',
    where: "status = 'removed' AND resolved_at IS NOT NULL",
  });
  const none: DurationFigures = { count: 0, medianMs: null, p90Ms: null };
  return counts.map((c) => ({
    platform: c.platform,
    notices: c.notices,
    acknowledged: c.acknowledged,
    removed: c.removed,
    rejected: c.rejected,
    open: c.open,
    shareRemoved: ratio(c.removed, c.notices),
    shareRejected: ratio(c.rejected, c.notices),
    timeToAcknowledgement: toAcknowledge.get(c.platform) ?? none,
    timeToRemoval: toRemove.get(c.platform) ?? none,
  }));
}

// Median and 90th percentile per platform in one pass: rank each duration within its platform,
// keep the ranks ceil(n/2) and ceil(9n/10). A confirmation that raced the record of its own send
// can come out a few ms early; it counts as 0.
function percentiles(database: Database_, options: { since: number; duration: string; where: string }): Map<string, DurationFigures> {
  const rows = database.sqlite
    .prepare<[number], { platform: string; n: number; median: number; p90: number }>(
      `WITH d AS (
         SELECT platform_id AS platform, max(0, ${options.duration}) AS v FROM submissions
         WHERE submitted_at IS NOT NULL AND submitted_at >= ? AND ${options.where}
       ), ranked AS (
         SELECT platform, v, row_number() OVER (PARTITION BY platform ORDER BY v) AS rn,
                count(*) OVER (PARTITION BY platform) AS n
         FROM d
       )
       SELECT platform, n,
              max(CASE WHEN rn = (n + 1) / 2 THEN v END) AS median,
              max(CASE WHEN rn = (9 * n + 9) / 10 THEN v END) AS p90
       FROM ranked WHERE rn = (n + 1) / 2 OR rn = (9 * n + 9) / 10
       GROUP BY platform`,
    )
    .all(options.since);
  return new Map(rows.map((r) => [r.platform, { count: r.n, medianMs: r.median, p90Ms: r.p90 }]));
}

function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;
}
