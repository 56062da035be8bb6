import type { Context } from 'hono';
import { authenticateApiKey, looksLikeApiKey, type Account } from '../accounts/api-keys.js';
import type { Db } from '../db/client.js';
import type { RequestRow } from '../db/schema.js';
import { secretMatches } from '../privacy/secrets.js';

// Who is calling, and what they may do with a case: decided here and nowhere else.

export type Caller =
  | { kind: 'anonymous' }
  | { kind: 'account'; account: Account }
  /** A bearer that is not an API key: maybe a status token, checked against a case when used. */
  | { kind: 'token'; token: string }
  | { kind: 'invalid_key' };

export function resolveCaller(db: Db, c: Context): Caller {
  const header = c.req.header('authorization');
  if (!header) return { kind: 'anonymous' };
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!m) return { kind: 'invalid_key' };
  const token = m[1]!;
  if (looksLikeApiKey(token)) {
    const account = authenticateApiKey(db, token);
    return account ? { kind: 'account', account } : { kind: 'invalid_key' };
  }
  return { kind: 'token', token };
}

export function isStaff(caller: Caller): boolean {
  return caller.kind === 'account' && (caller.account.role === 'caseworker' || caller.account.role === 'admin');
}

export function holdsStatusToken(caller: Caller, request: RequestRow): boolean {
  return caller.kind === 'token' && secretMatches(caller.token, request.statusTokenHash);
}

export function canReadCase(caller: Caller, request: RequestRow): boolean {
  if (holdsStatusToken(caller, request) || isStaff(caller)) return true;
  return caller.kind === 'account' && caller.account.role === 'organisation' && request.accountId === caller.account.id;
}

export function canWithdrawCase(caller: Caller, request: RequestRow): boolean {
  return holdsStatusToken(caller, request) || isStaff(caller);
}

export function actorOf(caller: Caller): string {
  if (caller.kind === 'account') return `account:${caller.account.id}`;
  if (caller.kind === 'token') return 'reporter';
  return 'anonymous';
}
