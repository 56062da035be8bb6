import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../src/db/client.js';
import { createWriteLock } from '../src/db/write-lock.js';
import { holdInAnotherThread } from './support/hold-write-lock.js';
import { createAccount, revokeKey, rotateKey } from '../src/accounts/api-keys.js';
import { disableAccount, setPassword } from '../src/accounts/manage-accounts.js';
import { signIn } from '../src/accounts/sign-in.js';
import { annotateCase } from '../src/cases/actions/annotate-case.js';
import { requests } from '../src/db/schema.js';
import { seedAccount, TEST_PASSWORD } from './support/accounts.js';
import { createTestServices, fileRequest } from './support/services.js';

describe('the write lock shared by the connections of one process', () => {
  it('makes a writer wait while another thread writes, and runs it as soon as that one lets go', async () => {
    const lock = createWriteLock();
    await holdInAnotherThread(lock.buffer, 150);
    const t0 = performance.now();
    const value = lock.run(() => performance.now());
    expect(value - t0).toBeGreaterThanOrEqual(100);
    // Woken by the release, not by a poll or a busy handler's growing sleeps.
    expect(value - t0).toBeLessThan(1_000);
    // And it let go in turn: the other thread can take it again.
    await holdInAnotherThread(lock.buffer, 0);
  });

  it('is re-entrant within one thread and released when the outermost run ends, even on a throw', () => {
    const lock = createWriteLock();
    const cell = new Int32Array(lock.buffer);
    expect(lock.run(() => lock.run(() => Atomics.load(cell, 0)))).toBe(1);
    expect(Atomics.load(cell, 0)).toBe(0);
    expect(() =>
      lock.run(() => {
        throw new Error('write failed');
      }),
    ).toThrow('write failed');
    expect(Atomics.load(cell, 0)).toBe(0);
  });

  it('goes ahead after the steal delay when the holder died holding it, leaving the rest to SQLite', async () => {
    const lock = createWriteLock(undefined, { stealAfterMs: 100 });
    await holdInAnotherThread(lock.buffer, 0, false);
    const t0 = performance.now();
    expect(lock.run(() => 'written')).toBe('written');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(90);
    expect(Atomics.load(new Int32Array(lock.buffer), 0)).toBe(0);
  });

  it('waits without blocking the thread when asked to, and runs the work as soon as the holder lets go', async () => {
    const lock = createWriteLock();
    await holdInAnotherThread(lock.buffer, 300);
    const t0 = performance.now();
    const ticks: number[] = [];
    const ticker = setInterval(() => ticks.push(performance.now() - t0), 10);
    try {
      const ranAt = await lock.runWhenFree(() => {
        // Held while it runs, so another thread's writer waits.
        expect(Atomics.load(new Int32Array(lock.buffer), 0)).toBe(1);
        return performance.now() - t0;
      });
      expect(ranAt).toBeGreaterThanOrEqual(100);
      expect(ranAt).toBeLessThan(1_000);
      // The event loop went on meanwhile: timers fired while the other thread held the lock.
      expect(ticks.filter((t) => t < ranAt).length).toBeGreaterThanOrEqual(5);
    } finally {
      clearInterval(ticker);
    }
    expect(Atomics.load(new Int32Array(lock.buffer), 0)).toBe(0);
    await holdInAnotherThread(lock.buffer, 0);
  });

  it('runs at once, inside it, when asked to wait from within this thread’s own write', async () => {
    const lock = createWriteLock();
    const cell = new Int32Array(lock.buffer);
    const order: string[] = [];
    const inner = lock.run(() => {
      const p = lock.runWhenFree(() => order.push('inner'));
      order.push('outer ends');
      return p;
    });
    await inner;
    // Part of the write it was asked from, not a wait for that write to end.
    expect(order).toEqual(['inner', 'outer ends']);
    expect(Atomics.load(cell, 0)).toBe(0);
  });

  it('passes on what the work throws and lets go; steals after the delay when waiting without blocking too', async () => {
    const lock = createWriteLock(undefined, { stealAfterMs: 100 });
    await expect(
      lock.runWhenFree(() => {
        throw new Error('write failed');
      }),
    ).rejects.toThrow('write failed');
    expect(Atomics.load(new Int32Array(lock.buffer), 0)).toBe(0);
    await holdInAnotherThread(lock.buffer, 0, false);
    const t0 = performance.now();
    await expect(lock.runWhenFree(() => 'written')).resolves.toBe('written');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(90);
    expect(Atomics.load(new Int32Array(lock.buffer), 0)).toBe(0);
  });

  it('is taken by every IMMEDIATE transaction on the connection, raw or through drizzle, and only by those', () => {
    const database = openDatabase(':memory:');
    try {
      const cell = new Int32Array(database.writeLock.buffer);
      const held = () => Atomics.load(cell, 0);
      const { sqlite, db } = database;
      expect(sqlite.transaction(held).immediate()).toBe(1);
      expect(sqlite.transaction(held).exclusive()).toBe(1);
      expect(db.transaction(() => held(), { behavior: 'immediate' })).toBe(1);
      // A reader's transaction does not make writers wait.
      expect(sqlite.transaction(held).deferred()).toBe(0);
      expect(sqlite.transaction(held)()).toBe(0);
      expect(db.transaction(() => db.get(sql`SELECT 1`) && held())).toBe(0);
      // Let go after a commit and after a rollback alike.
      expect(held()).toBe(0);
      expect(() =>
        sqlite
          .transaction(() => {
            throw new Error('write failed');
          })
          .immediate(),
      ).toThrow('write failed');
      expect(held()).toBe(0);
    } finally {
      database.close();
    }
  });

  // A DEFERRED transaction takes SQLite's write lock only at its first write, past this lock; one
  // that read first then fails at once (SQLITE_BUSY_SNAPSHOT) if the other thread committed in
  // between. Writers that read before they write are IMMEDIATE, so they wait their turn here.
  it.each([
    [
      'a caseworker note',
      async (s: Writers) => annotateCase(s.db, { ...s.at, requestId: s.requestId, type: 'note', text: 'called the platform' }),
    ],
    ['a new account', async (s: Writers) => createAccount(s.db, { role: 'caseworker', name: 'B', now: s.at.now })],
    ['a key rotation', async (s: Writers) => rotateKey(s.db, { ...s.at, accountId: s.account.id })],
    ['a key revocation', async (s: Writers) => revokeKey(s.db, { ...s.at, accountId: s.account.id, keyId: s.keyId })],
    ['a password set', async (s: Writers) => setPassword(s.db, { ...s.at, accountId: s.account.id, login: 'b', passwordHash: 'x' })],
    ['an account disabled', async (s: Writers) => disableAccount(s.db, { ...s.at, accountId: s.account.id })],
    [
      'a sign-in',
      async (s: Writers) => signIn({ db: s.db, now: () => s.at.now, scryptLogN: s.scryptLogN }, { login: 'a', password: TEST_PASSWORD }),
    ],
  ])('makes %s wait for another thread’s write', async (_, write) => {
    const s = await writers();
    await holdInAnotherThread(s.lockBuffer, 150);
    const t0 = performance.now();
    await write(s);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(100);
  });
});

type Writers = Awaited<ReturnType<typeof writers>>;

async function writers() {
  const services = createTestServices({ platforms: [{ id: 'alpha' }] });
  const account = await seedAccount(services, 'admin', { login: 'a' });
  await fileRequest(services, ['https://alpha.test/1']);
  const { db } = services.database;
  const requestId = db.select({ id: requests.id }).from(requests).get()!.id;
  return {
    db,
    lockBuffer: services.database.writeLock.buffer,
    at: { now: services.clock.now(), actor: `account:${account.id}` },
    account,
    keyId: account.apiKey.split('_')[1]!,
    requestId,
    scryptLogN: services.config.PASSWORD_SCRYPT_LOG_N,
  };
}
