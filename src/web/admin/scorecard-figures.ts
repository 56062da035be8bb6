import type Database from 'better-sqlite3';

// Per-platform figures for the scorecard, over every notice that reached a platform. The shape
// follows the confirmations figures (src/confirm/platform-stats.ts) so either can feed the page.
export interface ScorecardRow {
  platform: string;
  notices: number;
  removed: number;
  rejected: number;
  open: number;
  shareRemoved: number | null;
  medianAckMs: number | null;
  medianRemovalMs: number | null;
  p90RemovalMs: number | null;
}

const rank = (sorted: number[], p: number) => (sorted.length ? sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]! : null);

export function loadScorecard(sqlite: Database.Database): ScorecardRow[] {
  const rows = sqlite
    .prepare(
      `SELECT platform_id AS platform, status, submitted_at AS submittedAt, acknowledged_at AS acknowledgedAt, resolved_at AS resolvedAt
       FROM submissions WHERE submitted_at IS NOT NULL`,
    )
    .all() as Array<{ platform: string; status: string; submittedAt: number; acknowledgedAt: number | null; resolvedAt: number | null }>;
  const byPlatform = new Map<string, typeof rows>();
  for (const r of rows) byPlatform.set(r.platform, [...(byPlatform.get(r.platform) ?? []), r]);
  return [...byPlatform.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([platform, subs]) => {
      const removed = subs.filter((s) => s.status === 'removed');
      const ack = subs
        .filter((s) => s.acknowledgedAt !== null)
        .map((s) => Math.max(0, s.acknowledgedAt! - s.submittedAt))
        .sort((a, b) => a - b);
      const removal = removed
        .filter((s) => s.resolvedAt !== null)
        .map((s) => Math.max(0, s.resolvedAt! - s.submittedAt))
        .sort((a, b) => a - b);
      return {
        platform,
        notices: subs.length,
        removed: removed.length,
        rejected: subs.filter((s) => s.status === 'rejected').length,
        open: subs.filter((s) => s.status === 'submitted' || s.status === 'acknowledged').length,
        shareRemoved: subs.length ? removed.length / subs.length : null,
        medianAckMs: rank(ack, 0.5),
        medianRemovalMs: rank(removal, 0.5),
        p90RemovalMs: rank(removal, 0.9),
      };
    });
}
