import { createAccountSchema } from '../../../accounts/account-schemas.js';
import { createAccount, revokeKey, rotateKey } from '../../../accounts/api-keys.js';
import { disableAccount, findAccount, listAccounts } from '../../../accounts/manage-accounts.js';
import { hashPassword } from '../../../accounts/passwords.js';
import { actorOf, canManageAccounts } from '../../../api/access.js';
import type { AppDeps } from '../../../app-deps.js';
import { formOf, redirectWith, render, uiFor, type DashboardApp, type DashboardContext } from '../context.js';
import { notFoundPage } from '../guards.js';
import { AccountsPage } from '../pages/accounts-page.js';
import { callerOf } from '../session.js';
import { flashOf } from './case.js';

// Account management from the dashboard, for admins; the same functions as the CLI and the API.
export function registerAccountPages(app: DashboardApp, deps: AppDeps): void {
  const db = deps.database.db;
  const admin = (c: DashboardContext) => canManageAccounts(callerOf(c));
  const page = (c: DashboardContext, extra: { issued?: { name: string; apiKey: string }; error?: string } = {}) =>
    render(
      c,
      <AccountsPage
        ui={uiFor(c)}
        accounts={listAccounts(db)}
        issued={extra.issued}
        message={extra.error ? { kind: 'error', text: extra.error } : flashOf(c)}
      />,
      extra.error ? 400 : 200,
    );

  app.get('/admin/accounts', (c) => (admin(c) ? page(c) : notFoundPage(c)));

  app.post('/admin/accounts', async (c) => {
    if (!admin(c)) return notFoundPage(c);
    const form = await formOf(c);
    const parsed = createAccountSchema.safeParse({
      role: form.role,
      name: form.name,
      login: form.login || undefined,
      password: form.password || undefined,
    });
    if (!parsed.success)
      return page(c, {
        error: uiFor(c).t('action.invalid', { detail: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') }),
      });
    const passwordHash = parsed.data.password ? await hashPassword(parsed.data.password, deps.config.PASSWORD_SCRYPT_LOG_N) : null;
    try {
      const created = createAccount(db, { ...parsed.data, passwordHash, now: deps.clock.now(), actor: actorOf(callerOf(c)) });
      return page(c, { issued: { name: created.account.name, apiKey: created.apiKey } });
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE')
        return page(c, { error: uiFor(c).t('action.invalid', { detail: 'login' }) });
      throw err;
    }
  });

  app.post('/admin/accounts/:id/rotate', (c) => {
    const account = admin(c) ? findAccount(db, c.req.param('id')) : undefined;
    if (!account) return notFoundPage(c);
    const issued = rotateKey(db, { accountId: account.id, now: deps.clock.now(), actor: actorOf(callerOf(c)) })!;
    return page(c, { issued: { name: account.name, apiKey: issued.apiKey } });
  });

  app.post('/admin/accounts/:id/keys/:keyId/revoke', (c) => {
    if (!admin(c)) return notFoundPage(c);
    const done = revokeKey(db, {
      accountId: c.req.param('id'),
      keyId: c.req.param('keyId'),
      now: deps.clock.now(),
      actor: actorOf(callerOf(c)),
    });
    return redirectWith(c, '/admin/accounts', done ? 'done' : 'notNow');
  });

  app.post('/admin/accounts/:id/disable', (c) => {
    const account = admin(c) ? findAccount(db, c.req.param('id')) : undefined;
    if (!account) return notFoundPage(c);
    if (account.id === c.var.account!.id) return redirectWith(c, '/admin/accounts', 'notNow');
    disableAccount(db, { accountId: account.id, now: deps.clock.now(), actor: actorOf(callerOf(c)) });
    return redirectWith(c, '/admin/accounts', 'done');
  });
}
