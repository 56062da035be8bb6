import type { CaseView } from '../../cases/case-view.js';
import { nextOnConfirmation, platformLabel } from '../case-words.js';
import { CaseFields } from '../components/case-fields.js';
import { CopyButton } from '../components/copy-field.js';
import { HashMatching } from '../components/hash-matching.js';
import { HelpBlock } from '../components/help-block.js';
import { Sentence } from '../components/sentence.js';
import { Layout } from '../layout.js';
import type { PageUi } from '../page-ui.js';

/** The status link: the secret rides in the fragment, which browsers never send to a server. */
export function statusLink(origin: string, reference: string, token: string): string {
  return `${origin}/status#ref=${encodeURIComponent(reference)}&token=${encodeURIComponent(token)}`;
}

// Shown once, right after sending: the reference and the private link, what happens next, help.
export function ConfirmationPage(props: { ui: PageUi; view: CaseView; token: string; origin: string }) {
  const { ui, view, token } = props;
  const { t } = ui;
  const link = statusLink(props.origin, view.reference, token);
  const title = t('confirm.title');
  return (
    <Layout
      ui={ui}
      title={title}
      noindex
      switcher={{ kind: 'repost', action: '/confirmation', fields: { reference: view.reference, token } }}
    >
      <div class="panel">
        <h1>{title}</h1>
        <p class="lead">
          <Sentence text={(marker) => t('confirm.lead', { reference: marker })}>
            <strong class="nowrap">{view.reference}</strong>
          </Sentence>
        </p>
      </div>

      {view.urgent ? <p class="notice notice--urgent">{t('confirm.urgent')}</p> : null}

      <section class="save-box" aria-labelledby="save-title">
        <h2 id="save-title">{t('confirm.saveTitle')}</h2>
        <p>{t('confirm.save')}</p>
        <div class="field">
          <label for="status-link">{t('confirm.link')}</label>
          <textarea id="status-link" class="secret" rows={3} readonly spellcheck={false}>
            {link}
          </textarea>
          <div class="copy-row">
            <CopyButton ui={ui} target="status-link" label={t('confirm.copyLink')} />
          </div>
        </div>
        <dl class="secret-list">
          <dt>{t('confirm.reference')}</dt>
          <dd class="secret" id="reference-value">
            {view.reference}
          </dd>
          <dt>{t('confirm.code')}</dt>
          <dd class="secret" id="code-value">
            {token}
          </dd>
        </dl>
        <p class="muted">{t('confirm.codeHint')}</p>
      </section>

      <section aria-labelledby="next-title">
        <h2 id="next-title">{t('confirm.nextTitle')}</h2>
        <ul>
          {view.submissions.map((s) => (
            <li data-platform={s.platform}>
              <strong>{platformLabel(t, s)}</strong> – {nextOnConfirmation(t, s)}
            </li>
          ))}
        </ul>
        <p>{t('confirm.nextFollowUp')}</p>
        <form method="post" action="/status">
          <CaseFields reference={view.reference} token={token} />
          <button type="submit" class="button">
            {t('confirm.statusButton')}
          </button>
        </form>
      </section>

      <HashMatching ui={ui} programmes={view.hashMatching} />
      <HelpBlock ui={ui} urgent={view.urgent} />
    </Layout>
  );
}
