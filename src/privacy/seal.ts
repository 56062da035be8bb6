import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';
import { pooledRandomBytes } from './random-bytes.js';

// AES-256-GCM with a fresh IV per value. The associated data names the row and column a value
// belongs to, so a sealed value copied into another row or column fails to open instead of
// silently showing one person's details on another's case.

export interface Keyring {
  currentId: string;
  keys: ReadonlyMap<string, Buffer>;
}

export interface SealContext {
  table: string;
  column: string;
  rowId: string;
}

export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

export function createKeyring(current: Buffer, previous: Buffer[] = []): Keyring {
  if (current.length !== 32) throw new Error('DATA_KEY must be 32 bytes (base64)');
  const keys = new Map<string, Buffer>();
  for (const k of [current, ...previous]) keys.set(keyIdOf(k), k);
  return { currentId: keyIdOf(current), keys };
}

const aad = (ctx: SealContext) => Buffer.from(`${ctx.table}\u0000${ctx.column}\u0000${ctx.rowId}`);

export function seal(keyring: Keyring, ctx: SealContext, plaintext: string): string {
  const key = keyring.keys.get(keyring.currentId)!;
  const iv = pooledRandomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad(ctx));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return ['v1', keyring.currentId, iv.toString('base64url'), body.toString('base64url'), tag.toString('base64url')].join('.');
}

/**
 * A value sealed under a key this keyring lacks: a configuration error (a DATA_KEY rotated
 * without the old key in DATA_KEYS_PREVIOUS), which putting the key back cures. Work that needs
 * the value waits for that instead of failing for good.
 */
export class MissingKeyError extends Error {
  constructor(readonly keyId: string) {
    super(`no key ${keyId} in the keyring`);
    this.name = 'MissingKeyError';
  }
}

export function open(keyring: Keyring, ctx: SealContext, sealed: string): string {
  const [version, keyId, iv, body, tag] = sealed.split('.');
  if (version !== 'v1' || !keyId || iv === undefined || body === undefined || tag === undefined) {
    throw new Error('not a sealed value');
  }
  const key = keyring.keys.get(keyId);
  if (!key) throw new MissingKeyError(keyId);
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAAD(aad(ctx));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
}

export function sealJson(keyring: Keyring, ctx: SealContext, value: unknown): string {
  return seal(keyring, ctx, JSON.stringify(value));
}

export function openJson<T>(keyring: Keyring, ctx: SealContext, sealed: string): T {
  return JSON.parse(open(keyring, ctx, sealed)) as T;
}
