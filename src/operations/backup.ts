import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';

// Online backup through SQLite's backup API: consistent while the service keeps writing.
export async function backupDatabase(options: { sqlite: Database.Database; file: string }): Promise<{ pages: number }> {
  if (existsSync(options.file)) throw new Error(`${options.file} already exists; choose a new file`);
  const result = await options.sqlite.backup(options.file);
  return { pages: result.totalPages };
}

// Copies a backup over the live database, page by page under SQLite's own locking, after checking
// that the backup is whole. Services using the database see the restored data on their next read.
export async function restoreDatabase(options: { backupFile: string; databasePath: string }): Promise<{ pages: number }> {
  if (!existsSync(options.backupFile)) throw new Error(`${options.backupFile} does not exist`);
  const source = new Database(options.backupFile, { readonly: true, fileMustExist: true });
  try {
    const check = source.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new Error(`${options.backupFile} is damaged: ${String(check)}`);
    const result = await source.backup(options.databasePath);
    return { pages: result.totalPages };
  } finally {
    source.close();
  }
}
