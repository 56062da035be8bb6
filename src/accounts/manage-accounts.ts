import { asc, eq, isNull, and } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { accounts, apiKeys, sessions } from '../db/schema.js';
import type { AccountRole } from './api-keys.js';
import { recordAudit } from './audit.js';
import { normalizeLogin } from './api-keys.js';

export interface AccountSummary {
  id: string;
  role: AccountRole;
  name: string;
  login: string | null;
  canSignIn: boolean;
  createdAt: string;
  disabledAt: string | null;
  keys: Array<{ id: string; createdAt: string; revokedAt: string | null }>;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function listAccounts(db: Db): AccountSummary[] {
  const rows = db.select().from(accounts).orderBy(asc(accounts.createdAt), asc(accounts.id)).all();
  const keys = db.select().from(apiKeys).orderBy(asc(apiKeys.createdAt)).all();
  return rows.map((a) => ({
    id: a.id,
    role: a.role as AccountRole,
    name: a.name,
    login: a.login,
    canSignIn: a.passwordHash !== null && a.disabledAt === null,
    createdAt: iso(a.createdAt)!,
    disabledAt: iso(a.disabledAt),
    keys: keys.filter((k) => k.accountId === a.id).map((k) => ({ id: k.id, createdAt: iso(k.createdAt)!, revokedAt: iso(k.revokedAt) })),
  }));
}

export function findAccount(db: Db, id: string) {
  return db.select().from(accounts).where(eq(accounts.id, id)).get();
}

// Disabling stops the account's keys and sessions at once; its cases and their history stay.
export function disableAccount(db: Db, options: { accountId: string; now: number; actor: string }): boolean {
  return db.transaction(
    (tx) => {
      const changed =
        tx
          .update(accounts)
          .set({ disabledAt: options.now })
          .where(and(eq(accounts.id, options.accountId), isNull(accounts.disabledAt)))
          .run().changes > 0;
      if (!changed) return false;
      tx.update(sessions)
        .set({ endedAt: options.now })
        .where(and(eq(sessions.accountId, options.accountId), isNull(sessions.endedAt)))
        .run();
      recordAudit(tx, { actor: options.actor, action: 'account_disabled', at: options.now, subject: `account:${options.accountId}` });
      return true;
    },
    { behavior: 'immediate' },
  );
}

// Setting a password ends the account's open sessions: whoever knew the old one is signed out.
export function setPassword(
  db: Db,
  options: { accountId: string; login: string; passwordHash: string; now: number; actor: string },
): 'set' | 'no_account' | 'login_taken' {
  const login = normalizeLogin(options.login);
  return db.transaction(
    (tx) => {
      const account = tx.select({ id: accounts.id }).from(accounts).where(eq(accounts.id, options.accountId)).get();
      if (!account) return 'no_account';
      const holder = tx.select({ id: accounts.id }).from(accounts).where(eq(accounts.login, login)).get();
      if (holder && holder.id !== options.accountId) return 'login_taken';
      tx.update(accounts)
        .set({ login, passwordHash: options.passwordHash, failedSignIns: 0, lockedUntil: null })
        .where(eq(accounts.id, options.accountId))
        .run();
      tx.update(sessions)
        .set({ endedAt: options.now })
        .where(and(eq(sessions.accountId, options.accountId), isNull(sessions.endedAt)))
        .run();
      recordAudit(tx, { actor: options.actor, action: 'password_set', at: options.now, subject: `account:${options.accountId}` });
      return 'set';
    },
    { behavior: 'immediate' },
  );
}
