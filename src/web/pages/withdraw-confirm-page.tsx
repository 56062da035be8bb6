import { CaseFields } from '../components/case-fields.js';
import { Sentence } from '../components/sentence.js';
import { CSRF_FIELD } from '../csrf-token.js';
import { Layout } from '../layout.js';
import type { PageUi } from '../page-ui.js';

// The step between "Stop my request" and stopping it: what stopping does and does not do, and a
// clear way back.
export function WithdrawConfirmPage(props: { ui: PageUi; reference: string; token: string; csrf: string; notice?: string }) {
  const { ui, reference, token } = props;
  const { t } = ui;
  const title = t('withdraw.title', { reference });
  return (
    <Layout ui={ui} title={title} noindex switcher={{ kind: 'repost', action: '/status/withdraw', fields: { reference, token } }}>
      <h1>
        <Sentence text={(marker) => t('withdraw.title', { reference: marker })}>
          <span class="nowrap">{reference}</span>
        </Sentence>
      </h1>
      {props.notice ? (
        <p class="notice notice--urgent" role="alert">
          {props.notice}
        </p>
      ) : null}
      <p>{t('withdraw.body')}</p>
      <div class="button-row">
        <form method="post" action="/status/withdraw">
          <CaseFields reference={reference} token={token} />
          <input type="hidden" name={CSRF_FIELD} value={props.csrf} />
          <input type="hidden" name="confirm" value="yes" />
          <button type="submit" class="button button--warning">
            {t('withdraw.confirm')}
          </button>
        </form>
        <form method="post" action="/status">
          <CaseFields reference={reference} token={token} />
          <button type="submit" class="button button--secondary">
            {t('withdraw.cancel')}
          </button>
        </form>
      </div>
    </Layout>
  );
}
