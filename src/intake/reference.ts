import { randomInt } from 'node:crypto';

// Crockford base32: no I, L, O or U, so a reference read aloud on the phone or copied by hand
// survives. 40 random bits; a collision is caught by the unique index and drawn again.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function newReference(): string {
  let s = '';
  for (let i = 0; i < 8; i++) s += ALPHABET[randomInt(32)];
  return `TD-${s.slice(0, 4)}-${s.slice(4)}`;
}

// Accepts what people type: lower case, no dashes, O for 0, I or L for 1.
export function normalizeReference(input: string): string | null {
  const raw = input.trim().toUpperCase().replace(/^TD-?/, '').replace(/[-\s]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (!/^[0-9A-HJKMNP-TV-Z]{8}$/.test(raw)) return null;
  return `TD-${raw.slice(0, 4)}-${raw.slice(4)}`;
}
