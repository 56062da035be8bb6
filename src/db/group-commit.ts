import type Database from 'better-sqlite3';
import type { WriteLock } from './write-lock.js';

// Group commit: writes asked for during one turn of the event loop share one transaction, each in
// a savepoint of its own. A commit in WAL mode costs a write of every page it touched, and the
// pages a request, its submissions, items and events touch are mostly the same ones (the right
// edges of the same indexes), so twenty requests in one commit cost little more than one. Nobody
// is answered before the commit that holds their write: a 201 still means the work is stored.
// One write that throws rolls back its own savepoint only; the others commit.
//
// The group's transaction keeps its statement and savepoint journals in memory. Inside a
// transaction SQLite copies every page a statement or savepoint changes to a journal first (to
// undo just that statement), and by default that journal is a temporary file: two system calls
// per page, 60-odd per filed request, a third of the CPU time intake spent in SQLite. After the
// commit the connection goes back to temporary files, so a large sort or report outside a group
// spills to disk instead of growing the heap (2 million rows ranked in memory took 180 MB).
//
// A savepoint per write is not free either: SQLite copies every page a write touches into the
// savepoint's journal before changing it, some thirty pages a filed request, 13 % of a commit's
// work. A group whose writes touch nothing but the database (intake's) can therefore run them
// all without savepoints first: nearly always none throws. If one does, the transaction is rolled
// back and the group runs again, each write in its savepoint, so the outcome is the same as if
// the savepoints had been there all along; such writes must not mind running twice. The worker's
// writes keep state beside the database (a claim notes when it last reclaimed expired leases,
// and would skip that on a second run) and run once each.
//
// A group commit may linger (the worker's does, when it has a backlog): the first write of a
// group waits that long for others to join before the group asks for the lock. The worker's
// writes (settles and claims) come a few at a time as platforms answer, in turns of the event
// loop a fraction of a millisecond apart, and each commit wrote some thirty pages for seven
// notices or so; a millisecond's worth touch mostly the same pages. Dispatch went from 4,827 to
// 6,161 notices/s (bench/README.md, round 9). Intake's does not linger: a reporter waits for
// its commit.
//
// When another thread of the process is writing, the group waits for the write lock without
// blocking this thread: its event loop goes on reading requests, and those that write join the
// group that is waiting, which commits as soon as the lock is free. A blocking wait froze the
// web thread for a fifth of its time under steady intake and dispatch, and the requests that
// arrived meanwhile then waited for a second commit after it.

export interface GroupCommit {
  /** Runs `work` (synchronous database writes) in the next group transaction; resolves after it commits. */
  run<T>(work: () => T): Promise<T>;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

interface Pending {
  work: () => unknown;
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

// Bounds how long one commit holds the write lock and the event loop.
const MAX_GROUP = 256;

export function createGroupCommit(
  sqlite: Database.Database,
  writeLock: WriteLock,
  options: {
    /**
     * How long the first write of a group waits for others to join it, asked at each group's
     * first write; 0 (and without it): until the end of the turn.
     */
    lingerMs?: () => number;
    /**
     * Every write touches only the database and may run a second time after a rollback: the
     * group runs without a savepoint per write unless one of them throws (see above).
     */
    rerunnable?: boolean;
  } = {},
): GroupCommit {
  const lingerFor = options.lingerMs ?? (() => 0);
  let pending: Pending[] = [];
  let scheduled = false;
  // SQLite reads the setting when a transaction begins and refuses to change it inside one. It
  // takes effect when the pragma is compiled, not when a prepared one runs: hence exec each time.
  const journalsInMemory = () => sqlite.exec('PRAGMA temp_store = MEMORY');
  const journalsOnDisk = () => sqlite.exec('PRAGMA temp_store = DEFAULT');
  // Built once: better-sqlite3 makes five wrapper functions each time a transaction is defined,
  // which per write was a few microseconds and a kilobyte and a half of garbage per notice sent.
  // Nested in the group's transaction, better-sqlite3 makes `inSavepoint` a savepoint.
  const inSavepoint = sqlite.transaction((work: () => unknown) => work());
  const rerunnable = options.rerunnable ?? false;
  const groupTransaction = sqlite.transaction((group: Pending[], outcomes: Outcome[]) => {
    for (const p of group) {
      try {
        outcomes.push({ ok: true, value: inSavepoint(p.work) });
      } catch (error) {
        // On a full disk or an I/O error SQLite may roll the whole transaction back, not
        // only this savepoint: then nothing of the group is stored, and all of it fails.
        if (!sqlite.inTransaction) throw error;
        outcomes.push({ ok: false, error });
      }
    }
  });
  // Thrown out of the transaction below (which rolls it back) when a write throws.
  const aWriteThrew = new Error('a write of the group threw');
  const groupWithoutSavepoints = sqlite.transaction((group: Pending[], outcomes: Outcome[]) => {
    for (const p of group) {
      let value: unknown;
      try {
        value = p.work();
      } catch {
        throw aWriteThrew;
      }
      outcomes.push({ ok: true, value });
    }
  });

  // IMMEDIATE: each takes the process's write lock first (db/write-lock.ts).
  function runGroup(group: Pending[], outcomes: Outcome[]): void {
    if (rerunnable) {
      try {
        groupWithoutSavepoints.immediate(group, outcomes);
        return;
      } catch (error) {
        if (error !== aWriteThrew) throw error;
        outcomes.length = 0;
      }
    }
    groupTransaction.immediate(group, outcomes);
  }

  function schedule(options: { atOnce?: boolean } = {}): void {
    if (scheduled) return;
    scheduled = true;
    // `scheduled` stays set while the group lingers and while the lock is awaited, so what comes
    // meanwhile joins this group.
    const ask = () => void writeLock.runWhenFree(flush);
    const lingerMs = options.atOnce ? 0 : lingerFor();
    if (lingerMs > 0) setTimeout(ask, lingerMs);
    else setImmediate(ask);
  }

  // Runs holding the write lock; the transaction below takes it again, re-entrantly.
  function flush(): void {
    scheduled = false;
    const group = pending.slice(0, MAX_GROUP);
    pending = pending.slice(group.length);
    // What is left over has waited its turn already.
    if (pending.length > 0) schedule({ atOnce: true });
    if (group.length === 0) return;
    if (!sqlite.open) {
      for (const p of group) p.reject(new Error('the database is closed'));
      return;
    }
    const outcomes: Outcome[] = [];
    // Never inside another transaction here (all of them are synchronous), but if one were open,
    // changing the setting would throw out of this callback.
    const switched = !sqlite.inTransaction;
    if (switched) journalsInMemory();
    try {
      runGroup(group, outcomes);
    } catch (error) {
      // The commit itself failed (disk full, I/O error): nothing of the group was stored.
      for (const p of group) p.reject(error);
      return;
    } finally {
      if (switched && !sqlite.inTransaction) journalsOnDisk();
    }
    group.forEach((p, i) => {
      const o = outcomes[i]!;
      if (o.ok) p.resolve(o.value);
      else p.reject(o.error);
    });
  }

  return {
    run<T>(work: () => T): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        pending.push({ work, resolve: resolve as (v: unknown) => void, reject });
        schedule();
      });
    },
  };
}
