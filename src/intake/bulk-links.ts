import { reportedUrlSchema } from './request-schema.js';

export interface ParsedLinks {
  /** Valid links, normalised, duplicates merged, in the order they first appear. */
  urls: string[];
  /** Cells that look like a link but are not a valid one: shown back so nothing is silently dropped. */
  invalid: Array<{ line: number; text: string; message: string }>;
  duplicates: number;
}

const SEPARATORS = /[\s,;]+/;
const LOOKS_LIKE_LINK = /^(https?:\/\/|www\.)/i;
const QUOTES = /^["'<(]+|["'>)]+$/g;

// Pasted text or a CSV export (one link per line, or a column of them among other columns):
// every cell that starts like a link is taken; other cells (headers, titles, dates) are ignored.
// A bare `www.` link gets https:// in front, as a browser would.
export function parseLinks(text: string): ParsedLinks {
  const seen = new Set<string>();
  const urls: string[] = [];
  const invalid: ParsedLinks['invalid'] = [];
  let duplicates = 0;
  text.split(/\r\n|\r|\n/).forEach((line, index) => {
    for (const rawCell of line.split(SEPARATORS)) {
      const cell = rawCell.replace(QUOTES, '');
      if (!LOOKS_LIKE_LINK.test(cell)) continue;
      const candidate = /^www\./i.test(cell) ? `https://${cell}` : cell;
      const parsed = reportedUrlSchema.safeParse(candidate);
      if (!parsed.success) {
        invalid.push({ line: index + 1, text: cell.slice(0, 200), message: parsed.error.issues[0]?.message ?? 'is not a valid link' });
      } else if (seen.has(parsed.data)) {
        duplicates++;
      } else {
        seen.add(parsed.data);
        urls.push(parsed.data);
      }
    }
  });
  return { urls, invalid, duplicates };
}
