import type { Hono } from 'hono';
import type { AppDeps } from '../../app-deps.js';
import { createAccountSchema } from '../../accounts/account-schemas.js';
import { createAccount } from '../../accounts/api-keys.js';
import { hashPassword } from '../../accounts/passwords.js';
import { actorOf } from '../access.js';
import { ACCOUNT_BODY_BYTES, adminCaller } from '../admin-caller.js';
import { fieldErrors, problems } from '../problem.js';
import { readJson } from '../read-json.js';

// The API twin of `accounts:create`: the key is shown once, in this answer.
export function registerCreateAccount(app: Hono, deps: AppDeps): void {
  app.post('/api/v1/accounts', async (c) => {
    const caller = adminCaller(deps, c);
    const parsed = createAccountSchema.safeParse(await readJson(c, ACCOUNT_BODY_BYTES));
    if (!parsed.success) throw problems.validation(fieldErrors(parsed.error));
    const input = parsed.data;
    const passwordHash = input.password ? await hashPassword(input.password, deps.config.PASSWORD_SCRYPT_LOG_N) : null;
    try {
      const created = createAccount(deps.database.db, {
        role: input.role,
        name: input.name,
        login: input.login,
        passwordHash,
        now: deps.clock.now(),
        actor: actorOf(caller),
      });
      return c.json({ id: created.account.id, apiKey: created.apiKey }, 201);
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE')
        throw problems.validation([{ path: '/login', message: 'is already used by another account' }]);
      throw err;
    }
  });
}
