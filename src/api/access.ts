import type { Context } from 'hono';
import type { CaseAudience } from '../cases/case-view.js';
import { authenticateApiKey, looksLikeApiKey, type Account } from '../accounts/api-keys.js';
import type { Db } from '../db/client.js';
import type { RequestRow } from '../db/schema.js';
import { secretMatches } from '../privacy/secrets.js';
import { problems } from './problem.js';

// Who is calling, and what they may do: decided here and nowhere else. Routes and pages ask these
// functions; none of them looks at roles itself.

export type Caller =
  | { kind: 'anonymous' }
  | { kind: 'account'; account: Account }
  /** A bearer that is not an API key: maybe a status token, checked against a case when used. */
  | { kind: 'token'; token: string }
  | { kind: 'invalid_key' };

/** API callers: from the Authorization header only (the JSON API does not read cookies, so no CSRF). */
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

/** Page callers: a signed-in account (web/session middleware) or nobody. */
export function pageCaller(account: Account | null | undefined): Caller {
  return account ? { kind: 'account', account } : { kind: 'anonymous' };
}

const roleOf = (caller: Caller) => (caller.kind === 'account' ? caller.account.role : null);

export function isStaff(caller: Caller): boolean {
  const role = roleOf(caller);
  return role === 'caseworker' || role === 'admin';
}

export function isAdmin(caller: Caller): boolean {
  return roleOf(caller) === 'admin';
}

export function isOrganisation(caller: Caller): boolean {
  return roleOf(caller) === 'organisation';
}

export function holdsStatusToken(caller: Caller, request: RequestRow): boolean {
  return caller.kind === 'token' && secretMatches(caller.token, request.statusTokenHash);
}

export function ownsCase(caller: Caller, request: RequestRow): boolean {
  return caller.kind === 'account' && isOrganisation(caller) && request.accountId === caller.account.id;
}

export function canReadCase(caller: Caller, request: RequestRow): boolean {
  return holdsStatusToken(caller, request) || isStaff(caller) || ownsCase(caller, request);
}

export function canWithdrawCase(caller: Caller, request: RequestRow): boolean {
  return holdsStatusToken(caller, request) || isStaff(caller);
}

/** Caseworker work on a case: unsealed contact details, actions, evidence export. */
export function canWorkCase(caller: Caller): boolean {
  return isStaff(caller);
}

/** Filing up to 1,000 links, with a preview: organisations and staff. */
export function canFileInBulk(caller: Caller): boolean {
  return caller.kind === 'account';
}

export function canManageAccounts(caller: Caller): boolean {
  return isAdmin(caller);
}

// For staff-only API routes: without a key, 401 asks for one; with a key that may not, 404 says
// no more than a route that does not exist would.
export function requireApi(caller: Caller, allowed: (caller: Caller) => boolean): asserts caller is Extract<Caller, { kind: 'account' }> {
  if (caller.kind === 'invalid_key') throw problems.unauthorized('The API key is not valid, or it was revoked.');
  if (caller.kind !== 'account') throw problems.unauthorized();
  if (!allowed(caller)) throw problems.notFound('No such endpoint.');
}

export function actorOf(caller: Caller): string {
  if (caller.kind === 'account') return `account:${caller.account.id}`;
  if (caller.kind === 'token') return 'reporter';
  return 'anonymous';
}

// Which view of a case the caller gets: staff also see caseworkers' notes.
export function caseAudienceOf(caller: Caller): CaseAudience {
  return isStaff(caller) ? 'staff' : 'reporter';
}
