import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Config } from '../config.js';
import type { Database_ } from '../db/client.js';
import type { SafeHttp } from '../http/safe-fetch.js';
import type { PeriodicJob } from '../jobs/periodic.js';
import type { Logger } from '../logger.js';
import { applyUrlCheck, type CheckedItem, type UrlCheckEffect } from './apply-url-check.js';
import { checkUrl, type UrlCheckResult } from './check-url.js';

export type RecheckConfig = Pick<
  Config,
  'RECHECK_URGENT_MS' | 'RECHECK_MS' | 'RECHECK_GONE_MS' | 'RECHECK_EVERY_MS' | 'RECHECK_BATCH' | 'RECHECK_TIMEOUT_MS'
>;

// How long a claimed URL stays out of other workers' reach while it is being fetched.
const CLAIM_MS = 5 * 60_000;
// Fetches in flight at once: re-checks are background work and must not crowd out notices.
const CONCURRENCY = 4;

interface DueRow {
  item_id: string;
  url: string;
  request_id: string;
  submission_id: string;
  platform_id: string;
  urgent: number;
  eligible: number;
}

// A URL is checked once its notice is out of our hands: sent, acknowledged or reported removed (the
// platform's word is verified too), refused (whether the content stayed up is what a caseworker
// escalating needs to know), or waiting for someone to fill in a platform's web form (the reporter
// may have done it from the status page; if the content goes, nobody needs to). First one interval
// after that, then on its schedule. Withdrawn and closed cases are left alone.
const CHECKED_STATUSES = `('submitted', 'acknowledged', 'removed', 'rejected', 'manual_pending')`;

// Puts the URLs of submissions changed in [from, to) on the schedule. Incremental (by updated_at,
// which every change of a submission moves) so the job never scans every case ever sent; the first
// run after a start walks everything once, in batches. (`+s.status` keeps SQLite on the
// updated_at index: the status index would walk every sent submission.)
export const SEED_QUERY = `
  INSERT OR IGNORE INTO url_check_schedule (item_id, next_check_at)
  SELECT i.id, COALESCE(s.submitted_at, s.created_at) + CASE WHEN r.urgent THEN ? ELSE ? END
  FROM submissions s
  JOIN items i ON i.submission_id = s.id
  JOIN requests r ON r.id = s.request_id
  WHERE s.updated_at >= ? AND s.updated_at < ? AND +s.status IN ${CHECKED_STATUSES}
    AND r.withdrawn_at IS NULL AND r.closed_at IS NULL`;

// Where a batch of SEED_BATCH submissions from `from` ends (null: fewer are left before `to`).
export const BATCH_END_QUERY = `
  SELECT updated_at FROM submissions WHERE updated_at >= ? AND updated_at < ?
  ORDER BY updated_at LIMIT 1 OFFSET ?`;

export const DUE_QUERY = `
  SELECT c.item_id, i.url, i.request_id, i.submission_id, i.platform_id, r.urgent,
         (s.status IN ${CHECKED_STATUSES} AND r.withdrawn_at IS NULL AND r.closed_at IS NULL) AS eligible
  FROM url_check_schedule c
  JOIN items i ON i.id = c.item_id
  JOIN submissions s ON s.id = i.submission_id
  JOIN requests r ON r.id = i.request_id
  WHERE c.next_check_at <= ?
  ORDER BY r.urgent DESC, c.next_check_at
  LIMIT ?`;

// The seeding stays this far behind the clock: a change is committed moments after its updated_at
// was read (a group commit is one turn of the event loop), so nothing older is still on its way,
// and each change is looked at once. A URL's first check is 15 minutes or more after its notice.
export const SEED_LAG_MS = 60_000;
// Submissions per seeding transaction: each holds the write lock for a few milliseconds, where one
// transaction over every change since the last look held it for hundreds while intake waited.
export const SEED_BATCH = 1_000;

export interface RecheckRun {
  checked: number;
  effects: Record<UrlCheckEffect, number>;
}

export function createRecheckJob(options: {
  database: Database_;
  http: SafeHttp;
  config: RecheckConfig;
  logger: Logger;
  now: () => number;
  /** Submissions per seeding transaction (SEED_BATCH); tests make it small. */
  seedBatch?: number;
}): PeriodicJob & { run(now: number): Promise<RecheckRun> } {
  const { database, http, config, logger } = options;
  const { db, sqlite } = database;
  const seed = sqlite.prepare<[number, number, number, number]>(SEED_QUERY);
  const batchEnd = sqlite.prepare<[number, number, number], number>(BATCH_END_QUERY).pluck();
  const due = sqlite.prepare<[number, number], DueRow>(DUE_QUERY);
  const claim = sqlite.prepare<[number, string, number]>(
    `UPDATE url_check_schedule SET next_check_at = ? WHERE item_id = ? AND next_check_at <= ?`,
  );
  const unschedule = sqlite.prepare<[string]>(`DELETE FROM url_check_schedule WHERE item_id = ?`);
  const seedBatch = options.seedBatch ?? SEED_BATCH;
  let seededUpTo = 0;

  const seedRange = sqlite.transaction((from: number, to: number) => {
    seed.run(config.RECHECK_URGENT_MS, config.RECHECK_MS, from, to);
  });

  // Seeds what changed since the last look, up to SEED_LAG_MS ago, a batch per transaction with a
  // turn of the event loop between them (this thread also sends notices).
  async function seedChanges(now: number): Promise<void> {
    const until = now - SEED_LAG_MS;
    while (seededUpTo < until) {
      const end = batchEnd.get(seededUpTo, until, seedBatch);
      // More than a batch written at one instant (a large bulk filing) is still one batch.
      const to = end === undefined ? until : Math.max(end, seededUpTo + 1);
      seedRange.immediate(seededUpTo, to);
      seededUpTo = to;
      if (seededUpTo < until) await nextTurn();
    }
  }

  // Moves each due row's time forward in one transaction: a second worker running the same job
  // sees them as not due, so no URL is fetched twice at once. URLs of cases withdrawn or closed
  // since they were scheduled leave the schedule.
  const claimDue = sqlite.transaction((now: number): DueRow[] => {
    const picked: DueRow[] = [];
    for (const row of due.all(now, config.RECHECK_BATCH)) {
      if (!row.eligible) unschedule.run(row.item_id);
      else if (claim.run(now + CLAIM_MS, row.item_id, now).changes === 1) picked.push(row);
    }
    return picked;
  });

  function nextCheckAt(row: DueRow, result: UrlCheckResult, now: number): number {
    if (result.outcome === 'gone') return now + config.RECHECK_GONE_MS;
    return now + (row.urgent ? config.RECHECK_URGENT_MS : config.RECHECK_MS);
  }

  return {
    name: 'recheck-urls',
    everyMs: config.RECHECK_EVERY_MS,
    async run(now: number): Promise<RecheckRun> {
      await seedChanges(now);
      const rows = claimDue.immediate(now);
      const effects: Record<UrlCheckEffect, number> = { verified_gone: 0, verified_online: 0, reopened: 0, unchanged: 0 };
      let next = 0;
      const worker = async () => {
        while (next < rows.length) {
          const row = rows[next++]!;
          const result = await checkUrl({ http, url: row.url, now: options.now });
          const item: CheckedItem = {
            itemId: row.item_id,
            url: row.url,
            requestId: row.request_id,
            submissionId: row.submission_id,
            platformId: row.platform_id,
          };
          const at = options.now();
          const effect = db.transaction((tx) => applyUrlCheck(tx, { item, result, now: at, nextCheckAt: nextCheckAt(row, result, at) }), {
            behavior: 'immediate',
          });
          effects[effect]++;
          // No URL in the log: reported addresses are personal data.
          if (effect !== 'unchanged') logger.info({ itemId: row.item_id, effect, outcome: result.outcome }, 'url re-check changed an item');
        }
      };
      await Promise.all(Array.from({ length: Math.min(CONCURRENCY, rows.length) }, worker));
      return { checked: rows.length, effects };
    },
  };
}
