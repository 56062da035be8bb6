import type Database from 'better-sqlite3';
import type { Reporter } from '../../platforms/types.js';
import type { Keyring } from '../privacy/seal.js';
import { openPersonalData } from '../privacy/sealed-columns.js';

const ERASED = '[erased]';

// An explanation shorter than this is not looked for: a few common words quoted back by a
// platform are not the reporter's account, and erasing them would garble the record.
const MIN_EXPLANATION_LENGTH = 20;

// What identifies the reporter, as it would appear in text: the name and the e-mail address
// whole, the phone number with or without its spacing, and the explanation as it was written.
function identifiersOf(reporter: Reporter | null, explanation: string | null): RegExp[] {
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // A name or address is erased where it stands as a word of its own, not inside a longer one.
  const word = (s: string) => new RegExp(`(?<![\\p{L}\\p{N}])${escape(s)}(?![\\p{L}\\p{N}])`, 'giu');
  const patterns: RegExp[] = [];
  const name = reporter?.name?.trim();
  if (name && name.length >= 2) patterns.push(word(name));
  const email = reporter?.email?.trim();
  if (email) patterns.push(word(email));
  const digits = reporter?.phone?.replace(/\D/g, '') ?? '';
  if (digits.length >= 6) {
    // The last eight digits are the number however it is written (+32 470…, 0032 470…, 0470…);
    // the digits before them, whatever they are, go with it.
    const core = [...digits.slice(-8)].join('[\\s./()-]*');
    patterns.push(new RegExp(`(?<![\\d+])(?:\\+|00)?(?:\\d[\\s./()-]*)*?${core}(?!\\d)`, 'g'));
  }
  const account = explanation?.trim();
  if (account && account.length >= MIN_EXPLANATION_LENGTH) patterns.push(new RegExp(escape(account), 'g'));
  return patterns;
}

/** Replaces the reporter's details in a text with [erased]; null when there is nothing to look for. */
export function echoEraser(reporter: Reporter | null, explanation: string | null): ((text: string) => string) | null {
  const patterns = identifiersOf(reporter, explanation);
  if (patterns.length === 0) return null;
  return (text) => patterns.reduce((t, p) => t.replace(p, ERASED), text);
}

/**
 * Erases the reporter's own details where a platform's answer or a note repeated them (events,
 * the last error of a notice or a reminder) before the sealed originals are dropped: a purge that
 * left "we could not verify zoe@example.org" in the timeline would have erased nothing. The
 * returned function runs in the caller's transaction and says how many texts it changed.
 */
export function createEchoEraser(options: {
  sqlite: Database.Database;
  keyring: Keyring;
}): (request: { id: string; reporterSealed: string | null; explanationSealed: string | null }) => number {
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
      return 0;
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
