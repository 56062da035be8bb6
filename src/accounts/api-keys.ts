import { randomBytes, randomUUID } from 'node:crypto';
import { and, eq, isNull, ne } from 'drizzle-orm';
import type { Db, DbTx } from '../db/client.js';
import { accounts, apiKeys } from '../db/schema.js';
import { hashSecret, newSecret, secretMatches } from '../privacy/secrets.js';
import { recordAudit } from './audit.js';

export const accountRoles = ['caseworker', 'organisation', 'admin'] as const;
export type AccountRole = (typeof accountRoles)[number];

export interface Account {
  id: string;
  role: AccountRole;
  name: string;
}

const KEY_PATTERN = /^tdk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

// Checked by the length of a SHA-256 hex digest: a real secret hash never matches it, and
// comparing against it costs what a real comparison does.
const ABSENT_HASH = '0'.repeat(64);

// A case's status token: 32 random bytes in base64url (intake/create-request.ts). About one in 17
// million begins with 'tdk_' by chance; its owner must still reach the case.
const STATUS_TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** An API key, or something meant as one (refused as an invalid key rather than read as a status token). */
export function looksLikeApiKey(token: string): boolean {
  return token.startsWith('tdk_') && !STATUS_TOKEN_SHAPE.test(token);
}

export function createAccount(
  db: Db,
  options: { role: AccountRole; name: string; now: number; login?: string | null; passwordHash?: string | null; actor?: string },
): { account: Account; apiKey: string } {
  const account: Account = { id: randomUUID(), role: options.role, name: options.name };
  return db.transaction(
    (tx) => {
      tx.insert(accounts)
        .values({
          id: account.id,
          role: account.role,
          name: account.name,
          createdAt: options.now,
          login: options.login ? normalizeLogin(options.login) : null,
          passwordHash: options.passwordHash ?? null,
        })
        .run();
      const { apiKey, keyId } = issueKey(tx, account.id, options.now);
      const actor = options.actor ?? 'operator';
      recordAudit(tx, { actor, action: 'account_created', at: options.now, subject: `account:${account.id}`, detail: account.role });
      recordAudit(tx, { actor, action: 'key_issued', at: options.now, subject: `account:${account.id}`, detail: keyId });
      return { account, apiKey };
    },
    { behavior: 'immediate' },
  );
}

export function normalizeLogin(login: string): string {
  return login.trim().toLowerCase();
}

// A key is `tdk_<keyId>_<secret>`: the id finds the row, the secret's hash is compared in
// constant time. Only the hash is stored; the key is shown once.
export function issueKey(db: DbTx, accountId: string, now: number): { apiKey: string; keyId: string } {
  const keyId = randomBytes(8).toString('hex');
  const secret = newSecret();
  db.insert(apiKeys)
    .values({ id: keyId, accountId, secretHash: hashSecret(secret), createdAt: now })
    .run();
  return { apiKey: `tdk_${keyId}_${secret}`, keyId };
}

export function revokeKey(db: Db, options: { accountId: string; keyId: string; now: number; actor: string }): boolean {
  return db.transaction(
    (tx) => {
      const revoked =
        tx
          .update(apiKeys)
          .set({ revokedAt: options.now })
          .where(and(eq(apiKeys.id, options.keyId), eq(apiKeys.accountId, options.accountId), isNull(apiKeys.revokedAt)))
          .run().changes > 0;
      if (revoked)
        recordAudit(tx, {
          actor: options.actor,
          action: 'key_revoked',
          at: options.now,
          subject: `account:${options.accountId}`,
          detail: options.keyId,
        });
      return revoked;
    },
    { behavior: 'immediate' },
  );
}

// A new key for the account; the old ones stop working at once unless `keepOthers` (for a
// hand-over period where both run side by side).
export function rotateKey(
  db: Db,
  options: { accountId: string; now: number; actor: string; keepOthers?: boolean },
): { apiKey: string; keyId: string; revoked: string[] } | null {
  return db.transaction(
    (tx) => {
      const account = tx.select({ id: accounts.id }).from(accounts).where(eq(accounts.id, options.accountId)).get();
      if (!account) return null;
      const issued = issueKey(tx, options.accountId, options.now);
      const revoked = options.keepOthers
        ? []
        : tx
            .update(apiKeys)
            .set({ revokedAt: options.now })
            .where(and(eq(apiKeys.accountId, options.accountId), ne(apiKeys.id, issued.keyId), isNull(apiKeys.revokedAt)))
            .returning({ id: apiKeys.id })
            .all()
            .map((r) => r.id);
      const subject = `account:${options.accountId}`;
      recordAudit(tx, { actor: options.actor, action: 'key_issued', at: options.now, subject, detail: issued.keyId });
      for (const id of revoked) recordAudit(tx, { actor: options.actor, action: 'key_revoked', at: options.now, subject, detail: id });
      return { ...issued, revoked };
    },
    { behavior: 'immediate' },
  );
}

export function authenticateApiKey(db: Db, token: string): Account | null {
  const m = KEY_PATTERN.exec(token);
  if (!m) return null;
  const row = db
    .select({
      secretHash: apiKeys.secretHash,
      revokedAt: apiKeys.revokedAt,
      id: accounts.id,
      role: accounts.role,
      name: accounts.name,
      disabledAt: accounts.disabledAt,
    })
    .from(apiKeys)
    .innerJoin(accounts, eq(accounts.id, apiKeys.accountId))
    .where(eq(apiKeys.id, m[1]!))
    .get();
  const matches = secretMatches(m[2]!, row?.secretHash ?? ABSENT_HASH);
  if (!row || !matches || row.revokedAt !== null || row.disabledAt !== null) return null;
  return { id: row.id, role: row.role as AccountRole, name: row.name };
}
