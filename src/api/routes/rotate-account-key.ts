import type { Hono } from 'hono';
import type { AppDeps } from '../../app-deps.js';
import { rotateKeySchema } from '../../accounts/account-schemas.js';
import { rotateKey } from '../../accounts/api-keys.js';
import { actorOf } from '../access.js';
import { ACCOUNT_BODY_BYTES, adminCaller, existingAccount } from '../admin-caller.js';
import { fieldErrors, problems } from '../problem.js';
import { readBoundedText } from '../read-json.js';

// Issues a new key (shown once) and, unless told to keep them, revokes the account's other keys.
export function registerRotateAccountKey(app: Hono, deps: AppDeps): void {
  app.post('/api/v1/accounts/:id/keys', async (c) => {
    const caller = adminCaller(deps, c);
    const text = await readBoundedText(c, ACCOUNT_BODY_BYTES);
    let json: unknown = {};
    try {
      if (text.trim()) json = JSON.parse(text);
    } catch {
      throw problems.malformedJson();
    }
    const parsed = rotateKeySchema.safeParse(json);
    if (!parsed.success) throw problems.validation(fieldErrors(parsed.error));
    const account = existingAccount(deps, c.req.param('id'));
    const issued = rotateKey(deps.database.db, {
      accountId: account.id,
      now: deps.clock.now(),
      actor: actorOf(caller),
      keepOthers: parsed.data.keepOthers,
    })!;
    return c.json(issued, 201);
  });
}
