import type Database from 'better-sqlite3';
import { open, seal, type Keyring } from './seal.js';
import { sealedColumns } from './sealed-columns.js';

export interface ResealReport {
  resealed: number;
  alreadyCurrent: number;
}

// Re-seals every value not sealed under the keyring's current key, in batches of short
// transactions so a running service is never blocked for long.
export function resealAll(sqlite: Database.Database, keyring: Keyring, batchSize = 500): ResealReport {
  const report: ResealReport = { resealed: 0, alreadyCurrent: 0 };
  const currentPrefix = `v1.${keyring.currentId}.`;
  for (const c of sealedColumns) {
    const select = sqlite.prepare<[string, number], { id: string; value: string }>(
      `SELECT ${c.idColumn} AS id, ${c.column} AS value FROM ${c.table}
       WHERE ${c.column} IS NOT NULL AND substr(${c.column}, 1, ${currentPrefix.length}) <> ? LIMIT ?`,
    );
    const update = sqlite.prepare<[string, string, string]>(
      `UPDATE ${c.table} SET ${c.column} = ? WHERE ${c.idColumn} = ? AND ${c.column} = ?`,
    );
    const count = sqlite.prepare<[], { n: number }>(`SELECT count(*) AS n FROM ${c.table} WHERE ${c.column} IS NOT NULL`);
    for (;;) {
      const rows = select.all(currentPrefix, batchSize);
      if (rows.length === 0) break;
      sqlite
        .transaction(() => {
          for (const r of rows) {
            const ctx = { table: c.table, column: c.context, rowId: r.id };
            update.run(seal(keyring, ctx, open(keyring, ctx, r.value)), r.id, r.value);
          }
        })
        .immediate();
      report.resealed += rows.length;
    }
    report.alreadyCurrent += count.get()!.n;
  }
  report.alreadyCurrent -= report.resealed;
  return report;
}
