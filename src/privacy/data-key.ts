import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createKeyring, type Keyring } from './seal.js';

// DATA_KEY from the environment wins; otherwise a key is generated once into the data folder,
// readable by the service's user only, so the embedded set-up seals from the first request on.
export function loadKeyring(options: { dataKey?: string; databasePath: string }): Keyring {
  if (options.dataKey) return createKeyring(decodeKey(options.dataKey, 'DATA_KEY'));
  if (options.databasePath === ':memory:') return createKeyring(randomBytes(32));
  const file = join(dirname(options.databasePath), 'data.key');
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    // 'wx' fails if another process created it first; that process's key is then read below.
    try {
      writeFileSync(file, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  return createKeyring(decodeKey(readFileSync(file, 'utf8').trim(), file));
}

function decodeKey(text: string, source: string): Buffer {
  const key = Buffer.from(text, 'base64');
  if (key.length !== 32) throw new Error(`${source} must hold 32 bytes in base64 (got ${key.length})`);
  return key;
}
