import { readFileSync } from 'node:fs';
import i18next, { type i18n, type TFunction } from 'i18next';
import { locales, type Locale } from '../../platforms/types.js';
import { sourceFile } from '../source-files.js';
import type en from './locales/en.json';

// Every word the pages show comes from the message catalogues in ./locales (one JSON file per
// language), read by i18next: plurals follow each language's rules (Intl.PluralRules) and
// numbers are formatted per locale. The pages' JSX escapes everything it prints, so i18next
// must not escape a second time.

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
    returnNull: false;
  }
}

export type Translate = TFunction<'translation'>;

/** Each language named in itself, as the switcher shows it. */
export const localeNames: Record<Locale, string> = { fr: 'Français', nl: 'Nederlands', de: 'Deutsch', en: 'English' };

// The order the switcher lists them in: the country's languages first.
export const switcherOrder: Locale[] = ['fr', 'nl', 'de', 'en'];

/** BCP 47 tags for Intl: the languages as written in Belgium, British English. */
export const intlTags: Record<Locale, string> = { fr: 'fr-BE', nl: 'nl-BE', de: 'de-BE', en: 'en-GB' };

let instance: i18n | undefined;

export function readCatalogue(locale: Locale): Record<string, unknown> {
  return JSON.parse(readFileSync(sourceFile(`web/locales/${locale}.json`), 'utf8')) as Record<string, unknown>;
}

// Loaded once, on first use, synchronously: the catalogues are small files beside this module.
function i18nInstance(): i18n {
  if (instance) return instance;
  const created = i18next.createInstance();
  void created.init({
    resources: Object.fromEntries(locales.map((l) => [l, { translation: readCatalogue(l) }])),
    supportedLngs: [...locales],
    fallbackLng: 'en',
    defaultNS: 'translation',
    initAsync: false,
    returnNull: false,
    interpolation: { escapeValue: false },
  });
  instance = created;
  return created;
}

export function translatorFor(locale: Locale): Translate {
  return i18nInstance().getFixedT(locale) as Translate;
}
