import type { Locale } from '../../platforms/types.js';
import { intlTags } from './i18n.js';

// Dates as people in Belgium read them, whatever the server's time zone.
export const DISPLAY_TIME_ZONE = 'Europe/Brussels';

const dateTimeFormats = new Map<Locale, Intl.DateTimeFormat>();

export function formatDateTime(locale: Locale, iso: string | number): string {
  let format = dateTimeFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(intlTags[locale], { dateStyle: 'long', timeStyle: 'short', timeZone: DISPLAY_TIME_ZONE });
    dateTimeFormats.set(locale, format);
  }
  return format.format(typeof iso === 'number' ? iso : Date.parse(iso));
}

/** A machine-readable timestamp for <time datetime>. */
export function isoString(value: string | number): string {
  return new Date(value).toISOString();
}
