import type { Hono } from 'hono';
import type { AppDeps } from '../../app-deps.js';
import { setPasswordSchema } from '../../accounts/account-schemas.js';
import { setPassword } from '../../accounts/manage-accounts.js';
import { hashPassword } from '../../accounts/passwords.js';
import { actorOf } from '../access.js';
import { ACCOUNT_BODY_BYTES, adminCaller, existingAccount } from '../admin-caller.js';
import { fieldErrors, problems } from '../problem.js';
import { readJson } from '../read-json.js';

// Gives an account a dashboard sign-in (or a new password); its open sessions end.
export function registerSetAccountPassword(app: Hono, deps: AppDeps): void {
  app.put('/api/v1/accounts/:id/password', async (c) => {
    const caller = adminCaller(deps, c);
    const parsed = setPasswordSchema.safeParse(await readJson(c, ACCOUNT_BODY_BYTES));
    if (!parsed.success) throw problems.validation(fieldErrors(parsed.error));
    const account = existingAccount(deps, c.req.param('id'));
    const outcome = setPassword(deps.database.db, {
      accountId: account.id,
      login: parsed.data.login,
      passwordHash: await hashPassword(parsed.data.password, deps.config.PASSWORD_SCRYPT_LOG_N),
      now: deps.clock.now(),
      actor: actorOf(caller),
    });
    if (outcome === 'login_taken') throw problems.validation([{ path: '/login', message: 'is already used by another account' }]);
    return c.body(null, 204);
  });
}
