import type { Locale } from '../../platforms/types.js';
import { intlTags } from './i18n.js';

// Dates as people in Belgium read them, whatever the server's time zone.
export const DISPLAY_TIME_ZONE = 'Europe/Brussels';

// Building an Intl format costs far more than using one, and a dashboard page prints dozens of dates.
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
const durationFormats = new Map<string, Intl.NumberFormat>();

/** 'long' on the reporter's pages ("5 janvier 2026 à 13:00"), 'medium' in the dashboard's tables. */
export function formatDateTime(locale: Locale, iso: string | number, style: 'long' | 'medium' = 'long'): string {
  const key = `${locale}:${style}`;
  let format = dateTimeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(intlTags[locale], { dateStyle: style, timeStyle: 'short', timeZone: DISPLAY_TIME_ZONE });
    dateTimeFormats.set(key, format);
  }
  return format.format(typeof iso === 'number' ? iso : Date.parse(iso));
}

/** A span of time as the scorecard shows it: minutes below an hour, hours below two days, then days. */
export function formatDuration(locale: Locale, ms: number | null): string {
  if (ms === null) return '—';
  const minutes = Math.round(ms / 60_000);
  const [unit, value] =
    minutes < 60
      ? (['minute', minutes] as const)
      : minutes < 48 * 60
        ? (['hour', Math.round(minutes / 6) / 10] as const)
        : (['day', Math.round(minutes / 144) / 10] as const);
  const key = `${locale}:${unit}`;
  let format = durationFormats.get(key);
  if (!format) {
    // The locale's own decimal mark and unit names: "2,5 h", "3,5 dagen", "42 Min."
    format = new Intl.NumberFormat(intlTags[locale], { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: 1 });
    durationFormats.set(key, format);
  }
  return format.format(value);
}

/** A machine-readable timestamp for <time datetime>. */
export function isoString(value: string | number): string {
  return new Date(value).toISOString();
}
