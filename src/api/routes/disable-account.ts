import type { Hono } from 'hono';
import type { AppDeps } from '../../app-deps.js';
import { disableAccount, listAccounts } from '../../accounts/manage-accounts.js';
import { actorOf } from '../access.js';
import { adminCaller, existingAccount } from '../admin-caller.js';
import { problems } from '../problem.js';

// Its keys and sessions stop working at once; its cases and their history stay.
export function registerDisableAccount(app: Hono, deps: AppDeps): void {
  app.post('/api/v1/accounts/:id/disable', (c) => {
    const caller = adminCaller(deps, c);
    const account = existingAccount(deps, c.req.param('id'));
    if (account.id === caller.account.id) throw problems.conflict('An admin cannot disable their own account.');
    disableAccount(deps.database.db, { accountId: account.id, now: deps.clock.now(), actor: actorOf(caller) });
    return c.json(listAccounts(deps.database.db).find((a) => a.id === account.id));
  });
}
