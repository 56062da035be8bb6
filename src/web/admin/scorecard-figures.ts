import { platformStats } from '../../confirm/platform-stats.js';
import type { Database_ } from '../../db/client.js';

// The scorecard's rows: the confirmations' per-platform figures (src/confirm/platform-stats.ts),
// over every notice that reached a platform.
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

export function loadScorecard(database: Database_): ScorecardRow[] {
  return platformStats(database).map((p) => ({
    platform: p.platform,
    notices: p.notices,
    removed: p.removed,
    rejected: p.rejected,
    open: p.open,
    shareRemoved: p.shareRemoved,
    medianAckMs: p.timeToAcknowledgement.medianMs,
    medianRemovalMs: p.timeToRemoval.medianMs,
    p90RemovalMs: p.timeToRemoval.p90Ms,
  }));
}
