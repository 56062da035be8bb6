import i18next from 'i18next';
import type { Context } from 'hono';
import type { Locale } from '../../../platforms/types.js';
import { formatDateTime } from '../format.js';
import { pageLocale } from '../locale.js';
import { de } from './messages/de.js';
import { en, type AdminKey, type AdminMessages } from './messages/en.js';
import { fr } from './messages/fr.js';
import { nl } from './messages/nl.js';

export type AdminT = (key: AdminKey, vars?: Record<string, string | number>) => string;

// Typed as AdminMessages, so a missing or extra key in any language fails the type check.
const catalogues: Record<Locale, AdminMessages> = { en, fr, nl, de };

// The dashboard's own namespace, read by i18next as the public pages' catalogues are (web/i18n.ts).
// Keys are flat ('frame.title'), so neither '.' nor ':' separates anything in them.
const dashboardI18n = i18next.createInstance();
void dashboardI18n.init({
  resources: Object.fromEntries(Object.entries(catalogues).map(([locale, messages]) => [locale, { dashboard: messages }])),
  ns: ['dashboard'],
  defaultNS: 'dashboard',
  fallbackLng: 'en',
  initAsync: false,
  keySeparator: false,
  nsSeparator: false,
  returnNull: false,
  // The dashboard's JSX escapes everything it prints.
  interpolation: { escapeValue: false },
});

export function adminTranslator(locale: Locale): AdminT {
  // i18next's types know only the public pages' catalogue (web/i18n.ts); AdminT types these keys.
  const t = dashboardI18n.getFixedT(locale) as unknown as (key: string, vars: Record<string, string | number>) => string;
  return (key, vars) => t(key, vars ?? {});
}

// The same choice as the public pages (web/locale.ts): ?lang=, then the choice remembered for the
// browser session, then Accept-Language, then English.
export function dashboardLocale(c: Context, trustProxy: boolean): Locale {
  return pageLocale(c, trustProxy);
}

export function formatDate(locale: Locale, ms: number | string | null): string {
  return ms === null ? '—' : formatDateTime(locale, ms, 'medium');
}
