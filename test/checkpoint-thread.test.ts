import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, SAFETY_NET_CHECKPOINT_PAGES, type Database_ } from '../src/db/client.js';
import { startCheckpointThread, type CheckpointThread } from '../src/db/start-checkpoint-thread.js';
import { createLogger } from '../src/logger.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function scratchPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'td-checkpoint-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'takedown.db');
}

function open(path: string, options: { backgroundCheckpoints?: boolean } = {}): Database_ {
  const database = openDatabase(path, options);
  cleanups.push(() => database.close());
  return database;
}

function start(path: string, options: { everyMs: number; lines?: string[] }): CheckpointThread {
  const destination = new Writable({
    write(chunk, _encoding, done) {
      options.lines?.push(String(chunk));
      done();
    },
  });
  const thread = startCheckpointThread({ path, everyMs: options.everyMs, logger: createLogger({ level: 'error', destination }) });
  cleanups.push(() => thread.stop());
  return thread;
}

// About 1,200 pages of 4 KiB: past SQLite's own checkpoint size, far below the safety net.
function writePages(database: Database_): void {
  database.sqlite.exec('CREATE TABLE IF NOT EXISTS filler (b BLOB)');
  const insert = database.sqlite.prepare('INSERT INTO filler (b) VALUES (randomblob(4000))');
  for (let i = 0; i < 1_200; i++) insert.run();
}

const fileBytes = (path: string) => statSync(path).size;

describe('the checkpoint thread', () => {
  it('leaves the copying of the log to the thread: connections copy only past the safety net', () => {
    const path = scratchPath();
    expect(open(path, { backgroundCheckpoints: true }).sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(
      SAFETY_NET_CHECKPOINT_PAGES,
    );
    // Without a thread (the command line, tests) SQLite's own default holds.
    expect(open(scratchPath()).sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1_000);
  });

  it('copies what the service commits into the database file, pass after pass', async () => {
    const path = scratchPath();
    const database = open(path, { backgroundCheckpoints: true });
    const before = fileBytes(path);
    writePages(database);
    // The commits stayed in the log: the service's connection did not copy them.
    expect(fileBytes(path)).toBe(before);

    start(path, { everyMs: 10 });
    const deadline = Date.now() + 10_000;
    while (fileBytes(path) < before + 1_200 * 4_096 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(fileBytes(path)).toBeGreaterThanOrEqual(before + 1_200 * 4_096);
  });

  it('copies the log one last time when it stops', async () => {
    const path = scratchPath();
    const database = open(path, { backgroundCheckpoints: true });
    const thread = start(path, { everyMs: 3_600_000 });
    writePages(database);
    const before = fileBytes(path);
    await thread.stop();
    expect(fileBytes(path)).toBeGreaterThanOrEqual(before + 1_200 * 4_096);
  });

  it('says so in the log when it cannot work, and the process goes on', async () => {
    const lines: string[] = [];
    start(join(scratchPath(), '..', 'no-such.db'), { everyMs: 10, lines });
    const deadline = Date.now() + 10_000;
    while (!lines.some((l) => l.includes('checkpoint thread')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(lines.join('')).toMatch(/checkpoint thread failed/);
  });
});
