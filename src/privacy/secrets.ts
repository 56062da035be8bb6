import { createHash, timingSafeEqual } from 'node:crypto';
import { pooledRandomBytes } from './random-bytes.js';

// Status tokens and API key secrets carry 256 bits of randomness, so a plain SHA-256 is enough to
// make the stored value useless to someone who reads the database; no slow hash is needed.

export function newSecret(bytes = 32): string {
  return pooledRandomBytes(bytes).toString('base64url');
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
