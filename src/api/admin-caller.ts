import type { Context } from 'hono';
import type { AppDeps } from '../app-deps.js';
import { findAccount } from '../accounts/manage-accounts.js';
import { canManageAccounts, requireApi, resolveCaller } from './access.js';
import { problems } from './problem.js';

export const ACCOUNT_BODY_BYTES = 8 * 1024;

// The account endpoints' shared gate: an admin key, or 401/404 as access.ts decides.
export function adminCaller(deps: AppDeps, c: Context) {
  const caller = resolveCaller(deps.database.db, c);
  requireApi(caller, canManageAccounts);
  c.header('cache-control', 'no-store');
  return caller;
}

export function existingAccount(deps: AppDeps, id: string) {
  const account = findAccount(deps.database.db, id);
  if (!account) throw problems.notFound('No such account.');
  return account;
}
