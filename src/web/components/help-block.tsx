import type { PageUi } from '../page-ui.js';

// Where to find a person to talk to, on the confirmation and on every status page. Phone numbers
// are tel: links so one tap calls them.

const helpSites = {
  youth: 'https://www.maintenantjenparle.be/',
  equalityInstitute: 'https://igvm-iefh.belgium.be/',
};

export function HelpBlock(props: { ui: PageUi; urgent: boolean }) {
  const { t } = props.ui;
  return (
    <section class="help" aria-labelledby="help-title">
      <h2 id="help-title">{t('help.title')}</h2>
      {props.urgent ? (
        <p>
          <strong>{t('help.urgent')}</strong>
        </p>
      ) : null}
      <ul>
        <li>
          <strong>
            <a href="tel:116000">116 000</a>
          </strong>{' '}
          – {t('help.childFocus')}
        </li>
        <li>
          {t('help.youth')}{' '}
          <a href={helpSites.youth} rel="noreferrer">
            maintenantjenparle.be
          </a>
        </li>
        <li>
          <strong>
            <a href="tel:101">101</a>
          </strong>{' '}
          – {t('help.police')}.{' '}
          <strong>
            <a href="tel:112">112</a>
          </strong>{' '}
          – {t('help.emergency')}.
        </li>
        <li>
          {t('help.adults')}{' '}
          <a href={helpSites.equalityInstitute} rel="noreferrer">
            igvm-iefh.belgium.be
          </a>
        </li>
      </ul>
    </section>
  );
}
