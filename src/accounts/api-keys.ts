import { randomBytes, randomUUID } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { accounts, apiKeys } from '../db/schema.js';
import { hashSecret, newSecret, secretMatches } from '../privacy/secrets.js';

export const accountRoles = ['caseworker', 'organisation', 'admin'] as const;
export type AccountRole = (typeof accountRoles)[number];

export interface Account {
  id: string;
  role: AccountRole;
  name: string;
}

const KEY_PATTERN = /^tdk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export function looksLikeApiKey(token: string): boolean {
  return token.startsWith('tdk_');
}

export function createAccount(db: Db, options: { role: AccountRole; name: string; now: number }): { account: Account; apiKey: string } {
  const account: Account = { id: randomUUID(), role: options.role, name: options.name };
  return db.transaction((tx) => {
    tx.insert(accounts).values({ id: account.id, role: account.role, name: account.name, createdAt: options.now }).run();
    const apiKey = issueKey(tx as unknown as Db, account.id, options.now);
    return { account, apiKey };
  });
}

// A key is `tdk_<keyId>_<secret>`: the id finds the row, the secret's hash is compared in
// constant time. Only the hash is stored; the key is shown once.
export function issueKey(db: Db, accountId: string, now: number): string {
  const keyId = randomBytes(8).toString('hex');
  const secret = newSecret();
  db.insert(apiKeys)
    .values({ id: keyId, accountId, secretHash: hashSecret(secret), createdAt: now })
    .run();
  return `tdk_${keyId}_${secret}`;
}

export function revokeKey(db: Db, keyId: string, now: number): boolean {
  return (
    db
      .update(apiKeys)
      .set({ revokedAt: now })
      .where(and(eq(apiKeys.id, keyId), isNull(apiKeys.revokedAt)))
      .run().changes > 0
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
  if (!row || !secretMatches(m[2]!, row.secretHash) || row.revokedAt !== null || row.disabledAt !== null) return null;
  return { id: row.id, role: row.role as AccountRole, name: row.name };
}
