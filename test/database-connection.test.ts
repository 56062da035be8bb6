import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/client.js';
import { createTestServices } from './support/services.js';

const dirs: string[] = [];
function scratchFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'td-db-'));
  dirs.push(dir);
  return join(dir, 'takedown.db');
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the database connection', () => {
  it('is a WAL file with synchronous=NORMAL, foreign keys and secure delete on, and a bounded page cache', () => {
    const database = openDatabase(scratchFile());
    try {
      const pragma = (name: string) => database.sqlite.pragma(name, { simple: true });
      expect(pragma('journal_mode')).toBe('wal');
      expect(pragma('synchronous')).toBe(1);
      expect(pragma('foreign_keys')).toBe(1);
      expect(pragma('secure_delete')).toBe(1);
      // 4 MiB, not the 16 MiB better-sqlite3 builds SQLite with.
      expect(pragma('cache_size')).toBe(-4096);
    } finally {
      database.close();
    }
  });

  it('takes the page cache bound from DATABASE_CACHE_MB', () => {
    const s = createTestServices({ config: { DATABASE_PATH: scratchFile(), DATABASE_CACHE_MB: 12, DATA_KEY: undefined } });
    try {
      expect(s.database.sqlite.pragma('cache_size', { simple: true })).toBe(-12 * 1024);
    } finally {
      s.close();
    }
  });
});
