import type Database from 'better-sqlite3';
import type { Reporter } from '../../platforms/types.js';
import type { Keyring } from '../privacy/seal.js';
import { openPersonalData } from '../privacy/sealed-columns.js';

const ERASED = '[erased]';

// An explanation shorter than this is not looked for: a few common words quoted back by a
// platform are not the reporter's account, and erasing them would garble the record.
const MIN_EXPLANATION_LENGTH = 20;

// A platform's answer is kept cut short (a reason of a few hundred characters), so a quoted
// explanation may end anywhere: it is found by its opening, this long, and erased as far as the
// text goes on to follow it.
const EXPLANATION_OPENING = 40;

// How a text may reappear inside a platform's JSON answer: quotes, backslashes and line breaks
// escaped, and with some encoders every non-ASCII letter as \uXXXX ("Zo\u00eb").
function spellings(text: string): string[] {
  const json = JSON.stringify(text).slice(1, -1);
  const ascii = json.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return [...new Set([text, json, ascii])];
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

type Eraser = (text: string) => string;

// What identifies the reporter, as it would appear in text: the name and the e-mail address
// whole, the phone number with or without its spacing, and the explanation as it was written.
function erasersOf(reporter: Reporter | null, explanation: string | null): Eraser[] {
  // A name or address is erased where it stands as a word of its own, not inside a longer one.
  const word = (s: string) => new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(s)}(?![\\p{L}\\p{N}])`, 'giu');
  const patterns: RegExp[] = [];
  const name = reporter?.name?.trim();
  if (name && name.length >= 2) patterns.push(...spellings(name).map(word));
  const email = reporter?.email?.trim();
  if (email) patterns.push(word(email));
  const digits = reporter?.phone?.replace(/\D/g, '') ?? '';
  if (digits.length >= 6) {
    // The last eight digits are the number however it is written (+32 470…, 0032 470…, 0470…);
    // the digits before them, whatever they are, go with it.
    const core = [...digits.slice(-8)].join('[\\s./()-]*');
    patterns.push(new RegExp(`(?<![\\d+])(?:\\+|00)?(?:\\d[\\s./()-]*)*?${core}(?!\\d)`, 'g'));
  }
  const erasers: Eraser[] = patterns.map((p) => (text) => text.replace(p, ERASED));
  const account = explanation?.trim();
  if (account && account.length >= MIN_EXPLANATION_LENGTH) erasers.push(quotedFrom(spellings(account)));
  return erasers;
}

// Erases every quotation of the account that starts at its beginning, however far it runs, in
// whichever of its spellings the text follows furthest.
function quotedFrom(spelled: string[]): Eraser {
  const openings = spelled.map((account) => ({ account, opening: account.slice(0, Math.min(EXPLANATION_OPENING, account.length)) }));
  const quotationAt = (text: string, at: number) => {
    let longest = 0;
    for (const { account, opening } of openings) {
      if (!text.startsWith(opening, at)) continue;
      let length = opening.length;
      while (at + length < text.length && length < account.length && text[at + length] === account[length]) length++;
      longest = Math.max(longest, length);
    }
    return longest;
  };
  return (text) => {
    let out = '';
    let from = 0;
    for (let at = from; at < text.length;) {
      const length = openings.some(({ opening }) => opening[0] === text[at]) ? quotationAt(text, at) : 0;
      if (length === 0) {
        at++;
        continue;
      }
      out += text.slice(from, at) + ERASED;
      at += length;
      from = at;
    }
    return out + text.slice(from);
  };
}

/** Replaces the reporter's details in a text with [erased]; null when there is nothing to look for. */
export function echoEraser(reporter: Reporter | null, explanation: string | null): Eraser | null {
  const erasers = erasersOf(reporter, explanation);
  if (erasers.length === 0) return null;
  return (text) => erasers.reduce((t, erase) => erase(t), text);
}

/**
 * Erases the reporter's own details where a platform's answer or a note repeated them (events,
 * the last error of a notice or a reminder) before the sealed originals are dropped: a purge that
 * left "we could not verify zoe@example.org" in the timeline would have erased nothing. The
 * returned function runs in the caller's transaction and says how many texts it changed, or that
 * the sealed details could not be opened to look for them.
 */
export function createEchoEraser(options: {
  sqlite: Database.Database;
  keyring: Keyring;
}): (request: { id: string; reporterSealed: string | null; explanationSealed: string | null }) => number | 'unreadable' {
  const { sqlite, keyring } = options;
  const columns = ECHOING_COLUMNS.map(({ table, column }) => ({
    read: sqlite.prepare<[string], { id: number; text: string }>(
      `SELECT rowid AS id, ${column} AS text FROM ${table} WHERE request_id = ? AND ${column} IS NOT NULL`,
    ),
    write: sqlite.prepare<[string, number]>(`UPDATE ${table} SET ${column} = ? WHERE rowid = ?`),
  }));
  return (request) => {
    let erase: ((text: string) => string) | null;
    try {
      const { reporter, explanation } = openPersonalData(keyring, request);
      erase = echoEraser(reporter, explanation);
    } catch {
      // Sealed under a key no longer held: the details cannot be read, so cannot be looked for.
      return 'unreadable';
    }
    if (!erase) return 0;
    let changed = 0;
    for (const { read, write } of columns) {
      for (const row of read.all(request.id)) {
        const erased = erase(row.text);
        if (erased !== row.text) changed += write.run(erased, row.id).changes;
      }
    }
    return changed;
  };
}

// Where text from outside (a platform's answer, a caseworker's note) is kept about a request.
const ECHOING_COLUMNS = [
  { table: 'events', column: 'detail' },
  { table: 'submissions', column: 'last_error' },
  { table: 'reminders', column: 'last_error' },
] as const;
