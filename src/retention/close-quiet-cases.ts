import type Database from 'better-sqlite3';
import { closeCase } from '../cases/actions/close-case.js';
import type { Db } from '../db/client.js';

const DAY_MS = 24 * 60 * 60 * 1000;

// A case that has been resolved or withdrawn and quiet for `closeAfterDays` is closed, which
// starts its retention clock. Anything that happens to it later (content back online) moves its
// status again before that, because every change refreshes updated_at.
export function closeQuietCases(options: {
  db: Db;
  sqlite: Database.Database;
  now: number;
  closeAfterDays: number;
  batch?: number;
}): number {
  const { db, sqlite, now } = options;
  const due = sqlite
    .prepare<[number, number], { id: string; status: string }>(
      `SELECT id, status FROM requests
       WHERE closed_at IS NULL AND status IN ('resolved', 'withdrawn') AND updated_at <= ?
       LIMIT ?`,
    )
    .all(now - options.closeAfterDays * DAY_MS, options.batch ?? 500);
  // The same closing as a caseworker's (cases/actions/close-case.ts): pending work stops too.
  sqlite
    .transaction(() => {
      for (const r of due) {
        closeCase(db, { requestId: r.id, reason: `closed after ${options.closeAfterDays} quiet days (${r.status})`, actor: 'system', now });
      }
    })
    .immediate();
  return due.length;
}
