import { setImmediate as nextTurn } from 'node:timers/promises';
import type Database from 'better-sqlite3';
import type { Hono } from 'hono';
import { Gauge, Registry } from 'prom-client';
import type { AppDeps } from '../../app-deps.js';
import { platformStats } from '../../confirm/platform-stats.js';

// Counting a whole table holds the web's (synchronous) thread: 130 ms at 100,000 requests, over a
// second at a million, at every scrape. The counts walk the table in slices of rowids with a turn
// of the event loop between them, and a scrape within COUNTS_TTL_MS of the last one reuses them.
// A slice is its own read, so a row that changes status mid-walk can be counted in either status.
const COUNT_SLICE_ROWS = 10_000;
const COUNTS_TTL_MS = 15_000;

type StatusCount = { status: string; label: string; n: number };

export async function countByStatus(
  sqlite: Database.Database,
  options: { table: 'submissions' | 'requests'; label: string; sliceRows?: number },
): Promise<StatusCount[]> {
  const { table, label, sliceRows = COUNT_SLICE_ROWS } = options;
  const last = (sqlite.prepare(`SELECT max(rowid) FROM ${table}`).pluck().get() as number | null) ?? 0;
  const slice = sqlite.prepare<[number, number], StatusCount>(
    `SELECT status, ${label} AS label, count(*) AS n FROM ${table} WHERE rowid > ? AND rowid <= ? GROUP BY 1, 2`,
  );
  const totals = new Map<string, StatusCount>();
  for (let from = 0; from < last; from += sliceRows) {
    for (const r of slice.all(from, from + sliceRows)) {
      const key = `${r.status}\n${r.label}`;
      const total = totals.get(key);
      if (total) total.n += r.n;
      else totals.set(key, { ...r });
    }
    if (from + sliceRows < last) await nextTurn();
  }
  return [...totals.values()];
}

// Prometheus text. Figures are read from the database at scrape time, so every process (web or
// worker) reports the same truth and nothing is lost on restart.
export function registerMetrics(app: Hono, deps: AppDeps): void {
  const registry = new Registry();
  const { sqlite } = deps.database;
  let counted: { at: number; counts: Promise<{ submissions: StatusCount[]; requests: StatusCount[] }> } | undefined;
  const counts = () => {
    const now = deps.clock.now();
    if (!counted || now - counted.at >= COUNTS_TTL_MS) {
      const counting = (async () => ({
        submissions: await countByStatus(sqlite, { table: 'submissions', label: 'channel' }),
        requests: await countByStatus(sqlite, { table: 'requests', label: "CASE WHEN urgent THEN 'true' ELSE 'false' END" }),
      }))();
      counted = { at: now, counts: counting };
      // A failed count is not kept: the next scrape counts again.
      counting.catch(() => {
        if (counted?.counts === counting) counted = undefined;
      });
    }
    return counted.counts;
  };
  new Gauge({
    name: 'takedown_submissions',
    help: 'Submissions (one notice to one platform) by status and channel.',
    labelNames: ['status', 'channel'],
    registers: [registry],
    async collect() {
      const { submissions } = await counts();
      this.reset();
      for (const r of submissions) this.set({ status: r.status, channel: r.label }, r.n);
    },
  });
  new Gauge({
    name: 'takedown_requests',
    help: 'Removal requests by status and urgency.',
    labelNames: ['status', 'urgent'],
    registers: [registry],
    async collect() {
      const { requests } = await counts();
      this.reset();
      for (const r of requests) this.set({ status: r.status, urgent: r.label }, r.n);
    },
  });
  registerConfirmationMetrics(registry, deps);
  app.get('/metrics', async (c) => c.body(await registry.metrics(), 200, { 'content-type': registry.contentType }));
}

// Per-platform response figures over a rolling window (so a platform is judged on how it answers
// now, and a scrape stays cheap), plus the clocks' and outboxes' state.
const PLATFORM_WINDOW_MS = 90 * 24 * 60 * 60 * 1000;
const PLATFORM_FIGURES_TTL_MS = 60_000;

function registerConfirmationMetrics(registry: Registry, deps: AppDeps): void {
  // Every platform gauge of a scrape reads the same figures, computed at most once a minute: on a
  // large history the query holds the (synchronous) database for a noticeable moment.
  let cached: { at: number; figures: ReturnType<typeof platformStats> } | undefined;
  const figures = () => {
    const now = deps.clock.now();
    if (!cached || now - cached.at >= PLATFORM_FIGURES_TTL_MS) {
      cached = { at: now, figures: platformStats(deps.database, { since: now - PLATFORM_WINDOW_MS }) };
    }
    return cached.figures;
  };
  const seconds = (ms: number | null) => (ms === null ? Number.NaN : ms / 1000);
  new Gauge({
    name: 'takedown_platform_time_to_acknowledgement_seconds',
    help: 'Time from a notice reaching a platform to its acknowledgement, median and 90th percentile over 90 days.',
    labelNames: ['platform', 'quantile'],
    registers: [registry],
    collect() {
      this.reset();
      for (const f of figures()) {
        if (f.timeToAcknowledgement.count === 0) continue;
        this.set({ platform: f.platform, quantile: '0.5' }, seconds(f.timeToAcknowledgement.medianMs));
        this.set({ platform: f.platform, quantile: '0.9' }, seconds(f.timeToAcknowledgement.p90Ms));
      }
    },
  });
  new Gauge({
    name: 'takedown_platform_time_to_removal_seconds',
    help: 'Time from a notice reaching a platform to the removal of all its links, median and 90th percentile over 90 days.',
    labelNames: ['platform', 'quantile'],
    registers: [registry],
    collect() {
      this.reset();
      for (const f of figures()) {
        if (f.timeToRemoval.count === 0) continue;
        this.set({ platform: f.platform, quantile: '0.5' }, seconds(f.timeToRemoval.medianMs));
        this.set({ platform: f.platform, quantile: '0.9' }, seconds(f.timeToRemoval.p90Ms));
      }
    },
  });
  const share = (name: string, help: string, pick: (f: ReturnType<typeof platformStats>[number]) => number | null) =>
    new Gauge({
      name,
      help,
      labelNames: ['platform'],
      registers: [registry],
      collect() {
        this.reset();
        for (const f of figures()) {
          const v = pick(f);
          if (v !== null) this.set({ platform: f.platform }, v);
        }
      },
    });
  share('takedown_platform_notices', 'Notices that reached each platform over 90 days.', (f) => f.notices);
  share('takedown_platform_removed_ratio', 'Share of notices to each platform that led to removal, over 90 days.', (f) => f.shareRemoved);
  share('takedown_platform_rejected_ratio', 'Share of notices to each platform that it refused, over 90 days.', (f) => f.shareRejected);

  const overdue = deps.database.sqlite.prepare<[], { platform_id: string; n: number }>(
    `SELECT platform_id, count(*) AS n FROM submissions
     WHERE overdue = 1 AND status NOT IN ('removed', 'rejected', 'failed', 'withdrawn') GROUP BY platform_id`,
  );
  new Gauge({
    name: 'takedown_overdue_submissions',
    help: 'Notices whose response clock ran out and that are not over, by platform.',
    labelNames: ['platform'],
    registers: [registry],
    collect() {
      this.reset();
      for (const r of overdue.all()) this.set({ platform: r.platform_id }, r.n);
    },
  });
  const outboxes = deps.database.sqlite.prepare<[], { kind: string; status: string; n: number }>(
    `SELECT 'alert' AS kind, status, count(*) AS n FROM alerts GROUP BY status
     UNION ALL SELECT 'reminder', status, count(*) FROM reminders GROUP BY status`,
  );
  new Gauge({
    name: 'takedown_confirmation_outbox',
    help: 'Alerts to the on-call and reminders to platforms, by status.',
    labelNames: ['kind', 'status'],
    registers: [registry],
    collect() {
      this.reset();
      for (const r of outboxes.all()) this.set({ kind: r.kind, status: r.status }, r.n);
    },
  });
}
