import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { createKeyring, keyIdOf, type Keyring } from './seal.js';

// DATA_KEY from the environment wins (with DATA_KEYS_PREVIOUS to read values sealed before a
// rotation); otherwise a key is generated once into the data folder, readable by the service's
// user only, so the embedded set-up seals from the first request on.

const KEY_FILE = 'data.key';
const PREVIOUS_PREFIX = 'data.key.previous-';

export function keyFilePath(databasePath: string): string {
  return join(dirname(databasePath), KEY_FILE);
}

export function loadKeyring(options: { dataKey?: string; previousKeys?: string; databasePath: string }): Keyring {
  const previousFromEnv = (options.previousKeys ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((k) => decodeKey(k, 'DATA_KEYS_PREVIOUS'));
  if (options.dataKey) return createKeyring(decodeKey(options.dataKey, 'DATA_KEY'), previousFromEnv);
  if (options.databasePath === ':memory:') return createKeyring(randomBytes(32), previousFromEnv);
  const file = keyFilePath(options.databasePath);
  if (!existsSync(file)) writeNewKeyFile(file);
  return createKeyring(decodeKey(readFileSync(file, 'utf8').trim(), file), [...previousFromEnv, ...readPreviousKeyFiles(dirname(file))]);
}

function writeNewKeyFile(file: string): void {
  mkdirSync(dirname(file), { recursive: true });
  // 'wx' fails if another process created it first; that process's key is then read.
  try {
    writeFileSync(file, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}

function readPreviousKeyFiles(dir: string): Buffer[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.startsWith(PREVIOUS_PREFIX))
    .map((f) => decodeKey(readFileSync(join(dir, f), 'utf8').trim(), f));
}

/**
 * For the generated key file: keeps the current key as a previous one and writes a new current
 * key. The caller re-seals everything and then calls `forgetPreviousKeyFiles`.
 */
export function rotateKeyFile(databasePath: string): { previousId: string; currentId: string } {
  const file = keyFilePath(databasePath);
  const old = decodeKey(readFileSync(file, 'utf8').trim(), file);
  const previousId = keyIdOf(old);
  renameSync(file, join(dirname(file), `${PREVIOUS_PREFIX}${previousId}`));
  writeNewKeyFile(file);
  return { previousId, currentId: keyIdOf(decodeKey(readFileSync(file, 'utf8').trim(), file)) };
}

export function forgetPreviousKeyFiles(databasePath: string): string[] {
  const dir = dirname(keyFilePath(databasePath));
  const gone = readdirSync(dir).filter((f) => f.startsWith(PREVIOUS_PREFIX));
  for (const f of gone) rmSync(join(dir, f));
  return gone.map((f) => basename(f));
}

function decodeKey(text: string, source: string): Buffer {
  const key = Buffer.from(text, 'base64');
  if (key.length !== 32) throw new Error(`${source} must hold 32 bytes in base64 (got ${key.length})`);
  return key;
}
