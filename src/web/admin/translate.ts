import type { Context } from 'hono';
import type { Locale } from '../../../platforms/types.js';
import { pageLocale } from '../locale.js';
import { de } from './messages/de.js';
import { en, type AdminKey, type AdminMessages } from './messages/en.js';
import { fr } from './messages/fr.js';
import { nl } from './messages/nl.js';

export type AdminT = (key: AdminKey, vars?: Record<string, string | number>) => string;

// Typed as AdminMessages, so a missing or extra key in any language fails the type check.
const catalogues: Record<Locale, AdminMessages> = { en, fr, nl, de };

export function adminTranslator(locale: Locale): AdminT {
  const messages = catalogues[locale] ?? en;
  return (key, vars) => (messages[key] ?? en[key]).replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(vars?.[name] ?? `{{${name}}}`));
}

// The same choice as the public pages (web/locale.ts): ?lang=, then the choice remembered for the
// browser session, then Accept-Language, then English.
export function dashboardLocale(c: Context, trustProxy: boolean): Locale {
  return pageLocale(c, trustProxy);
}

export function formatDate(locale: Locale, ms: number | string | null): string {
  if (ms === null) return '—';
  const tags: Record<Locale, string> = { fr: 'fr-BE', nl: 'nl-BE', de: 'de-BE', en: 'en-GB' };
  return new Intl.DateTimeFormat(tags[locale], { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Brussels' }).format(
    new Date(ms),
  );
}

export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = minutes / 60;
  if (hours < 48) return `${Math.round(hours * 10) / 10} h`;
  return `${Math.round((hours / 24) * 10) / 10} d`;
}
