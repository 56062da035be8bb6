import type { Hono } from 'hono';
import type { AppDeps } from '../../app-deps.js';
import { listAccounts } from '../../accounts/manage-accounts.js';
import { adminCaller } from '../admin-caller.js';

export function registerListAccounts(app: Hono, deps: AppDeps): void {
  app.get('/api/v1/accounts', (c) => {
    adminCaller(deps, c);
    return c.json(listAccounts(deps.database.db));
  });
}
