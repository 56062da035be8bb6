import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { accounts } from '../db/schema.js';
import { normalizeLogin, type Account, type AccountRole } from './api-keys.js';
import { recordAudit } from './audit.js';
import { decoyHash, hashPassword, needsRehash, verifyPassword } from './passwords.js';

// Failed attempts allowed before the back-off starts; then the lock doubles with every further
// failure, from 30 s up to an hour.
export const FREE_ATTEMPTS = 5;
const FIRST_LOCK_MS = 30_000;
const MAX_LOCK_MS = 60 * 60_000;

export function lockDuration(failures: number): number {
  if (failures < FREE_ATTEMPTS) return 0;
  return Math.min(MAX_LOCK_MS, FIRST_LOCK_MS * 2 ** (failures - FREE_ATTEMPTS));
}

export type SignInOutcome = { kind: 'signed_in'; account: Account } | { kind: 'refused' } | { kind: 'locked'; retryAfterMs: number };

export async function signIn(
  deps: { db: Db; now: () => number; scryptLogN: number },
  input: { login: string; password: string },
): Promise<SignInOutcome> {
  const { db } = deps;
  const login = normalizeLogin(input.login);
  const row = login ? db.select().from(accounts).where(eq(accounts.login, login)).get() : undefined;
  if (row?.lockedUntil && row.lockedUntil > deps.now()) {
    recordAudit(db, { actor: 'anonymous', action: 'sign_in_failed', at: deps.now(), subject: `account:${row.id}`, detail: 'locked' });
    return { kind: 'locked', retryAfterMs: row.lockedUntil - deps.now() };
  }
  // The same work whether or not the login exists, so timing says nothing about which do.
  const stored = row?.passwordHash ?? (await decoyHash(deps.scryptLogN));
  const matches = await verifyPassword(input.password, stored);
  const now = deps.now();

  if (!row || !row.passwordHash || !matches || row.disabledAt !== null) {
    if (row) {
      // Counted in SQL so concurrent attempts each count.
      const updated = db
        .update(accounts)
        .set({ failedSignIns: sql`${accounts.failedSignIns} + 1` })
        .where(eq(accounts.id, row.id))
        .returning({ failures: accounts.failedSignIns })
        .get();
      const lockMs = lockDuration(updated?.failures ?? 0);
      if (lockMs > 0)
        db.update(accounts)
          .set({ lockedUntil: now + lockMs })
          .where(eq(accounts.id, row.id))
          .run();
    }
    recordAudit(db, { actor: 'anonymous', action: 'sign_in_failed', at: now, subject: row ? `account:${row.id}` : null });
    return { kind: 'refused' };
  }

  const upgrade = needsRehash(row.passwordHash, deps.scryptLogN) ? await hashPassword(input.password, deps.scryptLogN) : null;
  db.transaction(
    (tx) => {
      tx.update(accounts)
        .set({ failedSignIns: 0, lockedUntil: null, ...(upgrade ? { passwordHash: upgrade } : {}) })
        .where(eq(accounts.id, row.id))
        .run();
      recordAudit(tx, { actor: `account:${row.id}`, action: 'signed_in', at: now });
    },
    { behavior: 'immediate' },
  );
  return { kind: 'signed_in', account: { id: row.id, role: row.role as AccountRole, name: row.name } };
}
