import type Database from 'better-sqlite3';

// The connections of one process (the web thread and the worker thread of MODE=all, each with its
// own connection) take turns at SQLite's write lock through this lock first. A connection that
// finds SQLite's write lock taken sleeps in steps of 1, 2, 5, 10, 15… ms inside the busy handler,
// blocking its thread's event loop all that time, even when the holder let go after 0.3 ms; a
// waiter on this lock is woken the moment the holder releases it. It only orders the writers:
// SQLite's own lock stays the guard, and writers in other processes (MODE=web beside
// MODE=worker) still meet at SQLite's busy timeout.
export interface WriteLock {
  /** Runs `work` (which opens and ends a write transaction) holding the lock; re-entrant. */
  run<T>(work: () => T): T;
  /** Hand this to another thread's `createWriteLock` to share the lock with it. */
  readonly buffer: SharedArrayBuffer;
}

// A holder that has not let go by then is taken for dead (a thread that crashed mid-transaction);
// the waiter goes ahead and leaves the rest to SQLite.
const STEAL_AFTER_MS = 5_000;
const FREE = 0;
const HELD = 1;

export function createWriteLock(
  buffer: SharedArrayBuffer = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT),
  options: { stealAfterMs?: number } = {},
): WriteLock {
  const cell = new Int32Array(buffer);
  const stealAfterMs = options.stealAfterMs ?? STEAL_AFTER_MS;
  let depth = 0;

  function acquire(): void {
    const deadline = performance.now() + stealAfterMs;
    while (Atomics.compareExchange(cell, 0, FREE, HELD) !== FREE) {
      const left = deadline - performance.now();
      if (left <= 0) {
        Atomics.store(cell, 0, HELD);
        return;
      }
      Atomics.wait(cell, 0, HELD, left);
    }
  }

  function release(): void {
    Atomics.store(cell, 0, FREE);
    Atomics.notify(cell, 0, 1);
  }

  return {
    buffer,
    run(work) {
      if (depth > 0) {
        depth++;
        try {
          return work();
        } finally {
          depth--;
        }
      }
      acquire();
      depth = 1;
      try {
        return work();
      } finally {
        depth = 0;
        release();
      }
    },
  };
}

// Makes every IMMEDIATE or EXCLUSIVE transaction on `sqlite` take the write lock first, whoever
// opens it (the group commit, the claim, the periodic jobs, drizzle's `{ behavior: 'immediate' }`),
// so no writer of the process is left to SQLite's busy handler. A DEFERRED transaction that
// writes takes SQLite's lock only at its first write and is not covered: writers say IMMEDIATE.
export function lockWriteTransactions(sqlite: Database.Database, writeLock: WriteLock): void {
  type Transaction = Database.Transaction<(...args: unknown[]) => unknown>;
  const transaction = sqlite.transaction.bind(sqlite);
  const locked =
    (run: (...args: unknown[]) => unknown) =>
    (...args: unknown[]) =>
      writeLock.run(() => run(...args));
  sqlite.transaction = ((fn: (...args: unknown[]) => unknown) => {
    const native = transaction(fn) as Transaction;
    return Object.assign((...args: unknown[]) => native(...args), {
      default: native,
      deferred: native.deferred,
      immediate: locked(native.immediate),
      exclusive: locked(native.exclusive),
      database: sqlite,
    });
  }) as unknown as Database.Database['transaction'];
}
