import { accountRoles } from '../../../accounts/api-keys.js';
import type { AccountSummary } from '../../../accounts/manage-accounts.js';
import { CsrfField, Flash, Frame, href, type AdminUi } from '../frame.js';
import { formatDate } from '../translate.js';

export function AccountsPage(props: {
  ui: AdminUi;
  accounts: AccountSummary[];
  issued?: { name: string; apiKey: string };
  message?: { kind: 'ok' | 'error'; text: string };
}) {
  const { ui } = props;
  const { t } = ui;
  return (
    <Frame ui={ui} title={t('accounts.title')} current="/admin/accounts">
      <Flash kind={props.message?.kind ?? 'ok'} text={props.message?.text} />
      {props.issued ? (
        <div class="message message--ok" role="status">
          <p>
            <label for="issued-key">{t('accounts.keyOnce', { name: props.issued.name })}</label>
          </p>
          <input type="text" id="issued-key" readonly value={props.issued.apiKey} size={70} />
        </div>
      ) : null}
      <table>
        <caption>{t('accounts.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('accounts.name')}</th>
            <th scope="col">{t('accounts.role')}</th>
            <th scope="col">{t('accounts.keys')}</th>
            <th scope="col">{t('accounts.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {props.accounts.map((a) => (
            <tr>
              <th scope="row">
                {a.name}
                {a.login ? <div class="muted">{a.login}</div> : null}
                {a.disabledAt ? <span class="badge badge--urgent">{t('accounts.disabled')}</span> : null}
              </th>
              <td>{a.role}</td>
              <td>
                <ul class="links">
                  {a.keys.map((k) => (
                    <li>
                      <code>{k.id}</code> · {formatDate(ui.locale, k.createdAt)}{' '}
                      {k.revokedAt ? (
                        <span class="muted">({t('accounts.revoked')})</span>
                      ) : a.disabledAt ? null : (
                        <form method="post" action={href(ui, `/admin/accounts/${a.id}/keys/${k.id}/revoke`)} class="inline">
                          <CsrfField ui={ui} />
                          <button type="submit" class="secondary" aria-label={`${t('accounts.revoke')} ${k.id}`}>
                            {t('accounts.revoke')}
                          </button>
                        </form>
                      )}
                    </li>
                  ))}
                </ul>
              </td>
              <td>
                {a.disabledAt ? null : (
                  <div class="actions">
                    <form method="post" action={href(ui, `/admin/accounts/${a.id}/rotate`)}>
                      <CsrfField ui={ui} />
                      <button type="submit" class="secondary" aria-label={`${t('accounts.rotate')}: ${a.name}`}>
                        {t('accounts.rotate')}
                      </button>
                    </form>
                    {a.id === ui.account?.id ? null : (
                      <form method="post" action={href(ui, `/admin/accounts/${a.id}/disable`)}>
                        <CsrfField ui={ui} />
                        <button type="submit" class="danger" aria-label={`${t('accounts.disable')}: ${a.name}`}>
                          {t('accounts.disable')}
                        </button>
                      </form>
                    )}
                  </div>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('accounts.create')}</h2>
      <form method="post" action={href(ui, '/admin/accounts')} class="card">
        <CsrfField ui={ui} />
        <p>
          <label for="acc-name">{t('accounts.name')}</label>
          <br />
          <input type="text" id="acc-name" name="name" required maxlength={200} />
        </p>
        <p>
          <label for="acc-role">{t('accounts.role')}</label>
          <br />
          <select id="acc-role" name="role">
            {accountRoles.map((r) => (
              <option value={r}>{r}</option>
            ))}
          </select>
        </p>
        <p>
          <label for="acc-login">{t('accounts.login')}</label>
          <br />
          <input type="email" id="acc-login" name="login" autocomplete="off" />
        </p>
        <p>
          <label for="acc-password">{t('accounts.password')}</label>
          <br />
          <input type="password" id="acc-password" name="password" autocomplete="new-password" minlength={12} />
        </p>
        <button type="submit">{t('accounts.submit')}</button>
      </form>
    </Frame>
  );
}
