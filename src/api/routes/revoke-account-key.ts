import type { Hono } from 'hono';
import type { AppDeps } from '../../app-deps.js';
import { revokeKey } from '../../accounts/api-keys.js';
import { actorOf } from '../access.js';
import { adminCaller } from '../admin-caller.js';
import { problems } from '../problem.js';

export function registerRevokeAccountKey(app: Hono, deps: AppDeps): void {
  app.delete('/api/v1/accounts/:id/keys/:keyId', (c) => {
    const caller = adminCaller(deps, c);
    const revoked = revokeKey(deps.database.db, {
      accountId: c.req.param('id'),
      keyId: c.req.param('keyId'),
      now: deps.clock.now(),
      actor: actorOf(caller),
    });
    if (!revoked) throw problems.notFound('No such key on this account, or it is already revoked.');
    return c.body(null, 204);
  });
}
