import type Database from 'better-sqlite3';

// The connections of one process (the web thread and the worker thread of MODE=all, each with its
// own connection) take turns at SQLite's write lock through this lock first. A connection that
// finds SQLite's write lock taken sleeps in steps of 1, 2, 5, 10, 15… ms inside the busy handler,
// blocking its thread's event loop all that time, even when the holder let go after 0.3 ms; a
// waiter on this lock is woken the moment the holder releases it, and the group commit waits
// for it without blocking its thread at all (`runWhenFree`). It only orders the writers:
// SQLite's own lock stays the guard, and writers in other processes (MODE=web beside
// MODE=worker) still meet at SQLite's busy timeout.
export interface WriteLock {
  /** Runs `work` (which opens and ends a write transaction) holding the lock; re-entrant. */
  run<T>(work: () => T): T;
  /**
   * Runs `work` holding the lock as soon as it is free. Unlike `run`, the thread is not blocked
   * meanwhile: its event loop goes on (reading requests, answering the ones that do not write)
   * while another thread writes.
   */
  runWhenFree<T>(work: () => T): Promise<T>;
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

  // Takes the lock if it is free, or takes it anyway once `deadline` has passed (the holder is
  // taken for dead). Both ways of waiting below go through here.
  function tryTake(deadline: number): boolean {
    if (Atomics.compareExchange(cell, 0, FREE, HELD) === FREE) return true;
    if (deadline - performance.now() > 0) return false;
    Atomics.store(cell, 0, HELD);
    return true;
  }

  function acquire(): void {
    const deadline = performance.now() + stealAfterMs;
    while (!tryTake(deadline)) Atomics.wait(cell, 0, HELD, Math.max(0, deadline - performance.now()));
  }

  // Every waiter is woken, not one: a thread woken from an asynchronous wait may not come back
  // for the lock (its database closed, say), and a single wake-up spent on it would leave a
  // sleeping waiter asleep until its steal delay. With two writing threads in a process, the
  // extra wake-ups cost nothing.
  function release(): void {
    Atomics.store(cell, 0, FREE);
    Atomics.notify(cell, 0);
  }

  function runHeld<T>(work: () => T): T {
    depth = 1;
    try {
      return work();
    } finally {
      depth = 0;
      release();
    }
  }

  function run<T>(work: () => T): T {
    if (depth > 0) {
      depth++;
      try {
        return work();
      } finally {
        depth--;
      }
    }
    acquire();
    return runHeld(work);
  }

  function runWhenFree<T>(work: () => T): Promise<T> {
    const deadline = performance.now() + stealAfterMs;
    return new Promise<T>((resolve, reject) => {
      const attempt = (): void => {
        if (depth > 0 || tryTake(deadline)) {
          // Taken and used within this one callback: nothing else of this thread runs between.
          try {
            resolve(depth > 0 ? run(work) : runHeld(work));
          } catch (err) {
            reject(err);
          }
          return;
        }
        const left = Math.max(0, deadline - performance.now());
        const wait = Atomics.waitAsync(cell, 0, HELD, left);
        if (!wait.async) return attempt();
        // A pending waitAsync does not keep Node's event loop alive; this timer does, so a thread
        // with nothing else left to do still waits for its commit.
        const alive = setTimeout(() => undefined, left + 1_000);
        void wait.value.then(() => {
          clearTimeout(alive);
          attempt();
        });
      };
      attempt();
    });
  }

  return { buffer, run, runWhenFree };
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
