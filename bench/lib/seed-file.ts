import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { openDatabase } from '../../src/db/client.js';
import { createKeyring } from '../../src/privacy/seal.js';
import { seedRequests, type SeedOptions } from './seed.js';

/** A data key the bench and the service it starts share, so seeded sealed values open. */
export function benchDataKey(): string {
  return randomBytes(32).toString('base64');
}

/** Opens (creating and migrating) the database file in `dir` and adds requests to it. */
export function seedFile(options: { dir: string; dataKey: string } & Omit<SeedOptions, 'sqlite' | 'keyring'>): {
  references: string[];
  ms: number;
} {
  const database = openDatabase(join(options.dir, 'takedown.db'));
  try {
    const t = performance.now();
    const { references } = seedRequests({
      ...options,
      sqlite: database.sqlite,
      keyring: createKeyring(Buffer.from(options.dataKey, 'base64')),
    });
    database.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    return { references, ms: performance.now() - t };
  } finally {
    database.close();
  }
}
