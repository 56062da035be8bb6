import { describe, expect, it } from 'vitest';
import { formatDateTime, formatDuration } from '../src/web/format.js';

// Dates are read in Belgium: Brussels time in every language, summer and winter alike, whatever the
// server's own time zone.
describe('dates and durations in the reader’s language', () => {
  const winterNoonUtc = Date.UTC(2026, 0, 5, 12, 0);
  const summerNoonUtc = Date.UTC(2026, 6, 1, 12, 0);

  it('says a date in full on the reporter’s pages, in Brussels time', () => {
    expect(formatDateTime('fr', winterNoonUtc)).toBe('5 janvier 2026 à 13:00');
    expect(formatDateTime('nl', winterNoonUtc)).toBe('5 januari 2026 om 13:00');
    expect(formatDateTime('de', winterNoonUtc)).toBe('5. Januar 2026 um 13:00');
    expect(formatDateTime('en', new Date(winterNoonUtc).toISOString())).toBe('5 January 2026 at 13:00');
  });

  it('says it shorter in the dashboard’s tables, summer time included', () => {
    expect(formatDateTime('fr', summerNoonUtc, 'medium')).toBe('1 juil. 2026, 14:00');
    expect(formatDateTime('nl', summerNoonUtc, 'medium')).toBe('1 jul 2026, 14:00');
    expect(formatDateTime('de', summerNoonUtc, 'medium')).toBe('01.07.2026, 14:00');
    expect(formatDateTime('en', summerNoonUtc, 'medium')).toBe('1 Jul 2026, 14:00');
  });

  it('gives durations the language’s decimal mark and unit names', () => {
    const minute = 60_000;
    // Some languages keep the number and its unit together with a no-break space; read as a space here.
    const readDuration = (...args: Parameters<typeof formatDuration>) => formatDuration(...args).replace(/[\u00a0\u202f]/g, ' ');
    expect(readDuration('en', 42 * minute)).toBe('42 mins');
    expect(readDuration('de', 42 * minute)).toBe('42 Min.');
    expect(readDuration('fr', 150 * minute)).toBe('2,5 h');
    expect(readDuration('en', 150 * minute)).toBe('2.5 hrs');
    expect(readDuration('nl', 84 * 60 * minute)).toBe('3,5 dagen');
    expect(readDuration('fr', 84 * 60 * minute)).toBe('3,5 j');
    // Below two days a span is still counted in hours.
    expect(readDuration('nl', 47 * 60 * minute)).toBe('47 uur');
    expect(readDuration('fr', null)).toBe('—');
  });
});
