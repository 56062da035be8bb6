import type { Child } from 'hono/jsx';
import type { Locale } from '../../../platforms/types.js';
import type { Account } from '../../accounts/api-keys.js';
import { dashboardAssets } from './assets.js';
import type { AdminT } from './translate.js';

export interface AdminUi {
  locale: Locale;
  t: AdminT;
  account: Account | null;
  /** The hidden field every form posts; empty before sign-in. */
  csrf: string;
  /** The current path with its query, for the language links. */
  path: string;
}

const localeNames: Record<Locale, string> = { fr: 'Français', nl: 'Nederlands', de: 'Deutsch', en: 'English' };

export function withLang(path: string, locale: Locale): string {
  const url = new URL(path, 'http://x');
  url.searchParams.set('lang', locale);
  return `${url.pathname}${url.search}`;
}

/** A link that keeps the page's language. */
export const href = (ui: AdminUi, path: string) => withLang(path, ui.locale);

export function CsrfField(props: { ui: AdminUi }) {
  return <input type="hidden" name="csrf" value={props.ui.csrf} />;
}

export function Frame(props: { ui: AdminUi; title: string; current?: string; children?: Child }) {
  const { ui, title } = props;
  const { t } = ui;
  const assets = dashboardAssets();
  const role = ui.account?.role;
  const nav =
    role === 'organisation'
      ? [
          ['/org', t('frame.orgHome')],
          ['/org/file', t('frame.orgFile')],
        ]
      : role
        ? [
            ['/admin', t('frame.queue')],
            ['/admin/manual', t('frame.manual')],
            ['/admin/scorecard', t('frame.scorecard')],
            ...(role === 'admin' ? [['/admin/accounts', t('frame.accounts')]] : []),
          ]
        : [];
  return (
    <html lang={ui.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {/* As on the public pages (page-guards.tsx): no-referrer makes our own posts carry `Origin: null`. */}
        <meta name="referrer" content="same-origin" />
        <meta name="robots" content="noindex, nofollow" />
        <title>{t('frame.title', { page: title })}</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href={assets.css.path} />
        <script src={assets.js.path} defer></script>
      </head>
      <body>
        <a class="skip-link" href="#main">
          {t('frame.skip')}
        </a>
        <header class="top">
          <div class="top__inner">
            <p class="brand">Takedown</p>
            {nav.length ? (
              <nav aria-label={t('frame.nav')}>
                <ul>
                  {nav.map(([path, label]) => (
                    <li>
                      <a href={href(ui, path!)} aria-current={props.current === path ? 'page' : undefined}>
                        {label}
                      </a>
                    </li>
                  ))}
                </ul>
              </nav>
            ) : null}
            <nav class="langs" aria-label={t('frame.language')}>
              <ul>
                {(['fr', 'nl', 'de', 'en'] as const).map((l) =>
                  l === ui.locale ? (
                    <li>
                      <span lang={l} aria-current="true">
                        {localeNames[l]}
                      </span>
                    </li>
                  ) : (
                    <li>
                      <a href={withLang(ui.path, l)} lang={l} hreflang={l}>
                        {localeNames[l]}
                      </a>
                    </li>
                  ),
                )}
              </ul>
            </nav>
            {ui.account ? (
              <div class="who">
                <span>{t('frame.signedInAs', { name: ui.account.name })}</span>
                <form method="post" action={href(ui, '/admin/sign-out')}>
                  <CsrfField ui={ui} />
                  <button type="submit">{t('frame.signOut')}</button>
                </form>
              </div>
            ) : null}
          </div>
        </header>
        <main id="main" tabindex={-1}>
          <h1>{title}</h1>
          {props.children}
        </main>
      </body>
    </html>
  );
}

export function Flash(props: { kind: 'ok' | 'error'; text: string | undefined | null }) {
  if (!props.text) return null;
  return (
    <div class={`message message--${props.kind}`} role={props.kind === 'error' ? 'alert' : 'status'}>
      {props.text}
    </div>
  );
}
