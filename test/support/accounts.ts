import { createAccount, type AccountRole } from '../../src/accounts/api-keys.js';
import { hashPassword } from '../../src/accounts/passwords.js';
import type { TestServices } from './services.js';

export const TEST_PASSWORD = 'correct horse battery staple';

// An account straight in the database, with a key and (when a login is given) a password.
export async function seedAccount(s: TestServices, role: AccountRole, options: { name?: string; login?: string } = {}) {
  const passwordHash = options.login ? await hashPassword(TEST_PASSWORD, s.config.PASSWORD_SCRYPT_LOG_N) : null;
  const { account, apiKey } = createAccount(s.database.db, {
    role,
    name: options.name ?? `${role} one`,
    now: s.clock.now(),
    login: options.login,
    passwordHash,
  });
  return { ...account, apiKey, login: options.login };
}
