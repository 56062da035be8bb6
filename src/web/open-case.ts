import { findRequestByReference } from '../cases/case-view.js';
import type { Db } from '../db/client.js';
import type { RequestRow } from '../db/schema.js';
import { normalizeReference } from '../intake/reference.js';
import { secretMatches } from '../privacy/secrets.js';

// A case opens only with its reference and its secret code together. A wrong code and an unknown
// reference give the same answer, so a reference alone tells nothing.
export function openCase(db: Db, options: { reference: string; token: string }): RequestRow | null {
  const reference = normalizeReference(options.reference);
  // People copy codes with stray spaces or line breaks; the code itself never has any.
  const token = options.token.replace(/\s+/g, '');
  if (!reference || token === '') return null;
  const request = findRequestByReference(db, reference);
  return request && secretMatches(token, request.statusTokenHash) ? request : null;
}

export function postedText(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  return typeof value === 'string' ? value : '';
}
