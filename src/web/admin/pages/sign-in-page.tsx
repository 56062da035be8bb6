import { CsrfField, Flash, Frame, href, type AdminUi } from '../frame.js';

export function SignInPage(props: { ui: AdminUi; next: string; login?: string; error?: string }) {
  const { ui } = props;
  const { t } = ui;
  return (
    <Frame ui={ui} title={t('signIn.title')}>
      <p>{t('signIn.intro')}</p>
      <Flash kind="error" text={props.error} />
      <form method="post" action={href(ui, '/admin/sign-in')} class="card">
        <CsrfField ui={ui} />
        <input type="hidden" name="next" value={props.next} />
        <p class="field">
          <label for="login">{t('signIn.login')}</label>
          <br />
          <input type="email" id="login" name="login" autocomplete="username" required value={props.login ?? ''} />
        </p>
        <p class="field">
          <label for="password">{t('signIn.password')}</label>
          <br />
          <input type="password" id="password" name="password" autocomplete="current-password" required />
        </p>
        <button type="submit">{t('signIn.submit')}</button>
      </form>
    </Frame>
  );
}
