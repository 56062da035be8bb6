import type Database from 'better-sqlite3';
import { appendEvent } from '../cases/append-event.js';
import type { Db } from '../db/client.js';
import type { Keyring } from '../privacy/seal.js';
import { createEchoEraser } from './erase-echoes.js';

const DAY_MS = 24 * 60 * 60 * 1000;

// Erases what identifies or describes the person — contact details, the explanation, the stored
// first answer of an idempotent create (it holds the status token) — once a case has been closed
// for `retentionDays`. The timeline, links and platform answers stay: they are the record of what
// platforms were told and when, less the reporter's details where an answer or a note repeated
// them (erase-echoes.ts).
export function purgePersonalData(options: {
  db: Db;
  sqlite: Database.Database;
  keyring: Keyring;
  now: number;
  retentionDays: number;
  /** Purge these requests now, whatever their clock says (a caseworker's "purge now"). */
  requestIds?: string[];
  actor?: string;
  batch?: number;
}): number {
  const { db, sqlite, keyring, now } = options;
  const ids =
    options.requestIds ??
    sqlite
      .prepare<[number, number], { id: string }>(
        `SELECT id FROM requests WHERE personal_data_purged_at IS NULL AND closed_at IS NOT NULL AND closed_at <= ? LIMIT ?`,
      )
      .all(now - options.retentionDays * DAY_MS, options.batch ?? 500)
      .map((r) => r.id);
  const read = sqlite.prepare<[string], { id: string; reporterSealed: string | null; explanationSealed: string | null }>(
    `SELECT id, reporter_sealed AS reporterSealed, explanation_sealed AS explanationSealed
     FROM requests WHERE id = ? AND personal_data_purged_at IS NULL`,
  );
  const purge = sqlite.prepare<[number, number, string]>(
    `UPDATE requests SET reporter_sealed = NULL, explanation_sealed = NULL, personal_data_purged_at = ?, updated_at = ?
     WHERE id = ? AND personal_data_purged_at IS NULL`,
  );
  const eraseEchoes = createEchoEraser({ sqlite, keyring });
  const forgetAnswer = sqlite.prepare<[string]>(`DELETE FROM idempotency_keys WHERE request_id = ?`);
  let purged = 0;
  sqlite
    .transaction(() => {
      for (const id of ids) {
        const request = read.get(id);
        if (!request) continue;
        const echoes = eraseEchoes(request);
        purge.run(now, now, id);
        forgetAnswer.run(id);
        appendEvent(db, {
          requestId: id,
          type: 'purged',
          actor: options.actor ?? 'system',
          at: now,
          detail:
            echoes === 'unreadable'
              ? 'contact details and explanation erased; they could not be opened, so answers or notes that repeated them were not looked through'
              : echoes > 0
                ? `contact details and explanation erased, also from ${echoes} answer(s) or note(s) that repeated them`
                : 'contact details and explanation erased',
        });
        purged++;
      }
    })
    .immediate();
  return purged;
}

// Idempotency answers are only needed for 24 hours; they hold a sealed status token.
export function forgetOldIdempotencyKeys(options: { sqlite: Database.Database; now: number; windowMs: number }): number {
  return options.sqlite.prepare<[number]>(`DELETE FROM idempotency_keys WHERE created_at <= ?`).run(options.now - options.windowMs).changes;
}
