import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

// Dashboard passwords, hashed with scrypt (memory-hard, in node:crypto, nothing to download). The
// stored form carries its own parameters, so raising the cost later leaves old hashes readable and
// they are upgraded at the next sign-in (see needsRehash).

const R = 8;
const P = 1;
const KEY_LENGTH = 32;

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

function derive(password: string, salt: Buffer, options: ScryptOptions & { N: number }): Promise<Buffer> {
  // maxmem must cover 128 * N * r bytes, with room to spare.
  const maxmem = 256 * options.N * (options.r ?? R) + 1024 * 1024;
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, { ...options, maxmem }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function hashPassword(password: string, logN: number): Promise<string> {
  const salt = randomBytes(16);
  const N = 2 ** logN;
  const key = await derive(password, salt, { N, r: R, p: P });
  return ['scrypt', logN, R, P, salt.toString('base64url'), key.toString('base64url')].join('$');
}

const STORED = /^scrypt\$(\d{1,2})\$(\d{1,2})\$(\d{1,2})\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/;

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const m = STORED.exec(stored);
  if (!m) return false;
  const [logN, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const expected = Buffer.from(m[5]!, 'base64url');
  const key = await derive(password, Buffer.from(m[4]!, 'base64url'), { N: 2 ** logN, r, p });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

export function needsRehash(stored: string, logN: number): boolean {
  const m = STORED.exec(stored);
  return !m || Number(m[1]) < logN || Number(m[2]) !== R || Number(m[3]) !== P;
}

// A hash of nothing, verified when the login is unknown, so a wrong login costs the same time as
// a wrong password and does not reveal which logins exist.
const decoys = new Map<number, Promise<string>>();
export function decoyHash(logN: number): Promise<string> {
  let decoy = decoys.get(logN);
  if (!decoy) {
    decoy = hashPassword(randomBytes(16).toString('hex'), logN);
    decoys.set(logN, decoy);
  }
  return decoy;
}
