import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DEFAULT_DATABASE_CACHE_MB } from '../config.js';
import { findUp } from '../source-files.js';
import { createGroupCommit, type GroupCommit } from './group-commit.js';
import * as schema from './schema.js';
import { withStatementCache } from './statement-cache.js';
import { createWriteLock, lockWriteTransactions, type WriteLock } from './write-lock.js';

export type Db = BetterSQLite3Database<typeof schema>;

export interface Database_ {
  db: Db;
  sqlite: Database.Database;
  /**
   * Shares one transaction among the writes of one event-loop turn (see group-commit.ts). A write
   * given to it touches nothing but the database, since it may run twice (`rerunnable`).
   */
  commits: GroupCommit;
  /** Orders this connection's write transactions with the other connections of the process (every IMMEDIATE one takes it). */
  writeLock: WriteLock;
  close(): void;
}

// The project's drizzle/ folder, whether the code runs from source or from the compiled output.
const migrationsFolder = join(findUp(join('drizzle', 'meta', '_journal.json')), 'drizzle');

// Past this many pages of log a connection copies the log into the file itself. Only reached when
// the checkpoint thread (start-checkpoint-thread.ts) falls behind or has died; SQLite's own
// default, 1,000, put those copies inside intake's commits every few dozen of them.
export const SAFETY_NET_CHECKPOINT_PAGES = 10_000;

// Opens (creating it if needed) and migrates the database. ':memory:' gives a private in-memory
// database, which is what route tests use. `writeLock` is the buffer of another connection's
// lock in this process (the worker thread's connection gets the web thread's).
// `backgroundCheckpoints`: a checkpoint thread runs in this process, so this connection leaves
// the copying to it.
export function openDatabase(
  path: string,
  options: { writeLock?: SharedArrayBuffer; cacheMb?: number; backgroundCheckpoints?: boolean } = {},
): Database_ {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  // WAL lets the web and the worker read while one writes; synchronous=NORMAL keeps every commit
  // atomic and durable across a process crash, and may lose only the last commits on a power cut.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  // Erased personal data is overwritten on disk, not left in free pages.
  sqlite.pragma('secure_delete = ON');
  // better-sqlite3 builds SQLite with a 16 MiB cache per connection, which filled for many minutes
  // of steady intake and looked like growth; the bound is the config's (DATABASE_CACHE_MB).
  sqlite.pragma(`cache_size = -${Math.round((options.cacheMb ?? DEFAULT_DATABASE_CACHE_MB) * 1024)}`);
  if (options.backgroundCheckpoints) sqlite.pragma(`wal_autocheckpoint = ${SAFETY_NET_CHECKPOINT_PAGES}`);
  const writeLock = createWriteLock(options.writeLock);
  lockWriteTransactions(sqlite, writeLock);
  const db = drizzle(withStatementCache(sqlite), { schema });
  migrate(db, { migrationsFolder });
  return {
    db,
    sqlite,
    writeLock,
    commits: createGroupCommit(sqlite, writeLock, { rerunnable: true }),
    close() {
      if (sqlite.open) sqlite.close();
    },
  };
}

// What both the database and a transaction on it offer: functions that write take this, so the
// caller decides the transaction.
export type DbTx = BaseSQLiteDatabase<'sync', Database.RunResult, typeof schema>;

// The connection under a drizzle database or transaction (drizzle keeps it on its session; both
// share the one connection, so a statement run on it is inside the caller's transaction). It is
// the statement-cached view of the connection: `prepare` of the same text compiles once. The hot
// paths of dispatch use it to run fixed SQL without drizzle building the query text every time.
export function connectionOf(db: DbTx): Database.Database {
  const client = (db as unknown as { session?: { client?: Database.Database } }).session?.client;
  if (!client) throw new Error('no better-sqlite3 connection under this drizzle database');
  return client;
}
