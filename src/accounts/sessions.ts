import { createHmac, timingSafeEqual } from 'node:crypto';
import { and, eq, isNull, lt, or, isNotNull } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { accounts, sessions } from '../db/schema.js';
import { hashSecret, newSecret } from '../privacy/secrets.js';
import type { Account, AccountRole } from './api-keys.js';

export interface SessionPolicy {
  idleMs: number;
  maxMs: number;
}

// lastSeenAt is written at most this often, so browsing the dashboard does not write on every page.
const TOUCH_EVERY_MS = 60_000;

export function startSession(db: Db, options: { accountId: string; now: number; policy: SessionPolicy }): string {
  const token = newSecret();
  db.insert(sessions)
    .values({
      idHash: hashSecret(token),
      accountId: options.accountId,
      createdAt: options.now,
      lastSeenAt: options.now,
      expiresAt: options.now + options.policy.maxMs,
    })
    .run();
  return token;
}

export interface ActiveSession {
  account: Account;
  /** Ends at the earlier of idle time-out and absolute end. */
  expiresAt: number;
}

export function resumeSession(db: Db, options: { token: string; now: number; policy: SessionPolicy }): ActiveSession | null {
  const { now, policy } = options;
  const idHash = hashSecret(options.token);
  const row = db
    .select({
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      endedAt: sessions.endedAt,
      id: accounts.id,
      role: accounts.role,
      name: accounts.name,
      disabledAt: accounts.disabledAt,
    })
    .from(sessions)
    .innerJoin(accounts, eq(accounts.id, sessions.accountId))
    .where(eq(sessions.idHash, idHash))
    .get();
  if (!row || row.endedAt !== null || row.disabledAt !== null) return null;
  if (now >= row.expiresAt || now - row.lastSeenAt >= policy.idleMs) return null;
  if (now - row.lastSeenAt >= TOUCH_EVERY_MS) db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.idHash, idHash)).run();
  return {
    account: { id: row.id, role: row.role as AccountRole, name: row.name },
    expiresAt: Math.min(row.expiresAt, now + policy.idleMs),
  };
}

export function endSession(db: Db, options: { token: string; now: number }): string | null {
  const ended = db
    .update(sessions)
    .set({ endedAt: options.now })
    .where(and(eq(sessions.idHash, hashSecret(options.token)), isNull(sessions.endedAt)))
    .returning({ accountId: sessions.accountId })
    .get();
  return ended?.accountId ?? null;
}

// Ended and expired sessions are of no use to anyone; the audit log keeps who signed in when.
export function pruneSessions(db: Db, options: { now: number; policy: SessionPolicy }): number {
  return db
    .delete(sessions)
    .where(
      or(lt(sessions.expiresAt, options.now), lt(sessions.lastSeenAt, options.now - options.policy.idleMs), isNotNull(sessions.endedAt)),
    )
    .run().changes;
}

// The CSRF token of a form is derived from the session token, which only the signed-in browser
// knows: no storage, and it changes with every sign-in.
export function csrfTokenFor(sessionToken: string): string {
  return createHmac('sha256', sessionToken).update('csrf').digest('base64url');
}

export function csrfTokenMatches(sessionToken: string, candidate: string): boolean {
  const expected = Buffer.from(csrfTokenFor(sessionToken));
  const given = Buffer.from(candidate);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
