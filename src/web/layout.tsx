import type { Child } from 'hono/jsx';
import { siteAssets } from './assets.js';
import { localeNames, switcherOrder } from './i18n.js';
import { LOCALE_QUERY } from './locale.js';
import type { LanguageSwitch, PageUi } from './page-ui.js';

// The frame of every page: skip link, quick exit, language switcher, the one stylesheet and the
// one script (both same-origin files: the Content-Security-Policy allows nothing inline). The
// caseworker pages reuse it.

export function withLocale(path: string, locale: string): string {
  return `${path}${path.includes('?') ? '&' : '?'}${LOCALE_QUERY}=${locale}`;
}

export function Layout(props: {
  ui: PageUi;
  title: string;
  switcher: LanguageSwitch;
  /** Keep the page out of search engines (status pages). */
  noindex?: boolean;
  /** More in the header, after the language switcher (e.g. who is signed in, on staff pages). */
  headerExtra?: Child;
  /** Replaces the public footer (its safety advice is for the people affected). */
  footer?: Child;
  children?: Child;
}) {
  const { ui, title, switcher } = props;
  const { t, locale } = ui;
  const assets = siteAssets();
  return (
    <html lang={locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {/* Not no-referrer: that makes posts to our own pages carry `Origin: null` (page-guards.tsx). */}
        <meta name="referrer" content="same-origin" />
        <meta name="format-detection" content="telephone=no" />
        {props.noindex ? <meta name="robots" content="noindex, nofollow" /> : null}
        <title>{t('site.pageTitle', { page: title })}</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href={assets.css.path} />
        <script src={assets.js.path} defer></script>
      </head>
      <body>
        <a class="skip-link" href="#main">
          {t('layout.skipLink')}
        </a>
        {/* Its own band, kept at the top of the screen while the page scrolls (site.css): on a
            phone the header is long gone by the time someone reaches the links field, and the
            way out must be one tap away on every screen. */}
        <div class="quick-exit-bar">
          <div class="quick-exit-bar__inner">
            <a class="quick-exit" href={ui.quickExitUrl} rel="noreferrer" data-quick-exit>
              {t('layout.quickExit')}
              <span class="visually-hidden">: {t('layout.quickExitHint')}</span>
            </a>
          </div>
        </div>
        <header class="site-header">
          <div class="site-header__inner">
            <p class="site-name">
              <a href="/">
                {t('site.name')}
                <span class="site-tagline">{t('site.tagline')}</span>
              </a>
            </p>
            {switcher.kind === 'form' ? <DefaultSubmit formId={switcher.formId} label={switcher.submitLabel} /> : null}
            <LanguageSwitcher ui={ui} switcher={switcher} />
            {props.headerExtra}
          </div>
        </header>
        <main id="main" tabindex={-1}>
          {props.children}
        </main>
        <footer class="site-footer">
          {props.footer ? (
            <div class="site-footer__inner">{props.footer}</div>
          ) : (
            <div class="site-footer__inner">
              <h2>{t('layout.safetyTitle')}</h2>
              <p>{t('layout.safety')}</p>
              <p data-js-only hidden>
                {t('layout.safetyKey')}
              </p>
              <p>
                <a href="/">{t('form.title')}</a> · <a href="/status">{t('lookup.title')}</a>
              </p>
              <p>{t('layout.noImages')}</p>
            </div>
          )}
        </footer>
      </body>
    </html>
  );
}

// Enter in a one-line field presses the form's first submit button in document order, wherever
// it is (the `form` attribute reaches across the page). The language buttons of a `form` switcher
// belong to the form and come before it, so without this one Enter would switch the language
// instead of sending. A plain submit button placed before them makes sending the default. It is
// kept out of sight, of the tab order and of the accessibility tree: the visible send button at
// the end of the form is the one people use. Not display:none, which some browsers skip when
// looking for the default button.
function DefaultSubmit(props: { formId: string; label: string }) {
  return (
    <button type="submit" form={props.formId} class="visually-hidden" tabindex={-1} aria-hidden="true" data-default-submit>
      {props.label}
    </button>
  );
}

function LanguageSwitcher(props: { ui: PageUi; switcher: LanguageSwitch }) {
  const { ui, switcher } = props;
  const items = switcherOrder.map((l) => {
    if (l === ui.locale) {
      return (
        <li>
          <span lang={l} aria-current="true">
            {localeNames[l]}
          </span>
        </li>
      );
    }
    if (switcher.kind === 'links') {
      return (
        <li>
          <a href={withLocale(switcher.path, l)} lang={l} hreflang={l}>
            {localeNames[l]}
          </a>
        </li>
      );
    }
    const action = withLocale(switcher.action, l);
    return (
      <li>
        {switcher.kind === 'form' ? (
          <button type="submit" form={switcher.formId} formaction={action} formnovalidate name="intent" value="language" lang={l}>
            {localeNames[l]}
          </button>
        ) : (
          <form method="post" action={action}>
            {Object.entries(switcher.fields).map(([name, value]) => (
              <input type="hidden" name={name} value={value} />
            ))}
            <button type="submit" lang={l}>
              {localeNames[l]}
            </button>
          </form>
        )}
      </li>
    );
  });
  return (
    <nav class="language-switch" aria-label={ui.t('layout.languageLabel')}>
      <ul>{items}</ul>
    </nav>
  );
}
