import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database_ } from '../src/db/client.js';
import { createGroupCommit } from '../src/db/group-commit.js';
import { holdInAnotherThread } from './support/hold-write-lock.js';

const open: Array<{ database: Database_; dir: string }> = [];
afterEach(() => {
  for (const { database, dir } of open.splice(0)) {
    database.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

function scratchDatabase(): { database: Database_; path: string } {
  const dir = mkdtempSync(join(tmpdir(), 'td-group-'));
  const path = join(dir, 'takedown.db');
  const database = openDatabase(path);
  database.sqlite.exec('CREATE TABLE notes (v TEXT NOT NULL UNIQUE)');
  open.push({ database, dir });
  return { database, path };
}

const tempStore = (sqlite: Database.Database) => sqlite.pragma('temp_store', { simple: true });

describe('the group commit', () => {
  it('stores the writes of one turn together, and one that throws loses only its own writes', async () => {
    const { database, path } = scratchDatabase();
    const insert = database.sqlite.prepare('INSERT INTO notes (v) VALUES (?)');
    const outcomes = await Promise.allSettled([
      database.commits.run(() => insert.run('first').changes),
      database.commits.run(() => {
        insert.run('half of the second');
        insert.run('first'); // the unique index refuses it
      }),
      database.commits.run(() => insert.run('third').changes),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((outcomes[1] as PromiseRejectedResult).reason)).toMatch(/UNIQUE/);
    // What another connection reads once the answers are out: stored, and nothing of the second.
    const reader = new Database(path, { readonly: true });
    try {
      expect(reader.prepare('SELECT v FROM notes ORDER BY v').pluck().all()).toEqual(['first', 'third']);
    } finally {
      reader.close();
    }
  });

  it('while another thread writes, keeps taking writes into the waiting group and commits them together', async () => {
    const { database, path } = scratchDatabase();
    const insert = database.sqlite.prepare('INSERT INTO notes (v) VALUES (?)');
    await holdInAnotherThread(database.writeLock.buffer, 400);
    const reader = new Database(path, { readonly: true });
    try {
      const first = database.commits.run(() => insert.run('first'));
      // A write asked for 50 ms later, while the first still waits for the lock: the thread was
      // not blocked, and the write joins the same group.
      const second = new Promise((resolve) => setTimeout(resolve, 50)).then(() => database.commits.run(() => insert.run('second')));
      const seenWithFirst = await first.then(() => reader.prepare('SELECT v FROM notes ORDER BY v').pluck().all());
      expect(seenWithFirst).toEqual(['first', 'second']);
      await second;
    } finally {
      reader.close();
    }
  });

  it("when it lingers, writes asked for in later turns within the linger share the first one's commit", async () => {
    const { database, path } = scratchDatabase();
    const commits = createGroupCommit(database.sqlite, database.writeLock, { lingerMs: () => 40 });
    const insert = database.sqlite.prepare('INSERT INTO notes (v) VALUES (?)');
    const reader = new Database(path, { readonly: true });
    const stored = () => reader.prepare('SELECT v FROM notes ORDER BY v').pluck().all();
    try {
      const first = commits.run(() => insert.run('first'));
      const later = (ms: number, v: string) =>
        new Promise((resolve) => setTimeout(resolve, ms)).then(() => ({ v, seen: stored(), done: commits.run(() => insert.run(v)) }));
      // 10 ms in: nothing is stored yet, and the second write joins the lingering group.
      const second = await later(10, 'second');
      expect(second.seen).toEqual([]);
      await first;
      expect(stored()).toEqual(['first', 'second']);
      await second.done;
      // A write after that commit starts a group of its own, which lingers again.
      const third = await later(0, 'third');
      expect(stored()).toEqual(['first', 'second']);
      await third.done;
      expect(stored()).toEqual(['first', 'second', 'third']);
    } finally {
      reader.close();
    }
  });

  it('journals in memory inside its transaction only, also when a write in it failed', async () => {
    const { database } = scratchDatabase();
    expect(tempStore(database.sqlite)).toBe(0);
    const inside = await database.commits.run(() => tempStore(database.sqlite));
    expect(inside).toBe(2);
    expect(tempStore(database.sqlite)).toBe(0);

    await expect(
      database.commits.run(() => {
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(tempStore(database.sqlite)).toBe(0);
    // Outside a group the connection is as SQLite built it: large sorts spill to files.
    database.sqlite.transaction(() => expect(tempStore(database.sqlite)).toBe(0)).immediate();
  });

  it('runs rerunnable writes without savepoints, and again each in its own when one of them throws', async () => {
    const { database, path } = scratchDatabase();
    const insert = database.sqlite.prepare('INSERT INTO notes (v) VALUES (?)');
    const runs = { first: 0, second: 0, third: 0 };
    await database.commits.run(() => {
      runs.first++;
      insert.run('alone');
    });
    // Nothing threw: the write ran once.
    expect(runs.first).toBe(1);
    runs.first = 0;

    const outcomes = await Promise.allSettled([
      database.commits.run(() => {
        runs.first++;
        return insert.run('first').changes;
      }),
      database.commits.run(() => {
        runs.second++;
        insert.run('half of the second');
        insert.run('first'); // the unique index refuses it
      }),
      database.commits.run(() => {
        runs.third++;
        return insert.run('third').changes;
      }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((outcomes[1] as PromiseRejectedResult).reason)).toMatch(/UNIQUE/);
    // The first two ran, were rolled back with the whole group, and ran again; the third ran in
    // the second pass only. Each is stored once, and nothing of the second.
    expect(runs).toEqual({ first: 2, second: 2, third: 1 });
    const reader = new Database(path, { readonly: true });
    try {
      expect(reader.prepare('SELECT v FROM notes ORDER BY v').pluck().all()).toEqual(['alone', 'first', 'third']);
    } finally {
      reader.close();
    }
  });

  it('runs each write of a group that is not rerunnable once, also when another one throws', async () => {
    const { database, path } = scratchDatabase();
    const commits = createGroupCommit(database.sqlite, database.writeLock);
    const insert = database.sqlite.prepare('INSERT INTO notes (v) VALUES (?)');
    let firstRuns = 0;
    const outcomes = await Promise.allSettled([
      commits.run(() => {
        firstRuns++;
        return insert.run('first').changes;
      }),
      commits.run(() => {
        throw new Error('refused');
      }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected']);
    expect(firstRuns).toBe(1);
    const reader = new Database(path, { readonly: true });
    try {
      expect(reader.prepare('SELECT v FROM notes').pluck().all()).toEqual(['first']);
    } finally {
      reader.close();
    }
  });
});
