import { parseArgs } from 'node:util';
import { builtInEntries } from '../platforms/catalogue/index.js';
import { setPasswordSchema } from './accounts/account-schemas.js';
import { accountRoles, createAccount, revokeKey, rotateKey, type AccountRole } from './accounts/api-keys.js';
import { disableAccount, findAccount, listAccounts, setPassword } from './accounts/manage-accounts.js';
import { hashPassword } from './accounts/passwords.js';
import { loadConfig, type Config } from './config.js';
import { openDatabase, type Database_ } from './db/client.js';
import { backupDatabase, restoreDatabase } from './operations/backup.js';
import { forgetPreviousKeyFiles, loadKeyring, rotateKeyFile } from './privacy/data-key.js';
import { resealAll } from './privacy/reseal.js';
import { retentionJob } from './retention/retention-job.js';

// Operator commands: `npm run cli -- <command> [options]`. Output is JSON on stdout; errors go to
// stderr with a non-zero exit code. Account changes are in the audit log with the actor 'operator'.

const usage = `usage: npm run cli -- <command>
  accounts:create --role caseworker|organisation|admin --name "…"   prints {"id","apiKey"} once
  accounts:list                                                      accounts and their key ids
  accounts:rotate-key --id <accountId> [--keep-others]               prints {"keyId","apiKey","revoked"}
  accounts:revoke-key --id <accountId> --key <keyId>
  accounts:set-password --id <accountId> --login <e-mail>            reads the password from stdin
  accounts:disable --id <accountId>
  platforms:export [--id <platform>]   prints built-in platforms as a PLATFORMS_FILE
  keys:rotate          new data key in the data folder, everything re-sealed under it
  keys:reseal          re-seal every value under the current DATA_KEY (after setting DATA_KEYS_PREVIOUS)
  retention:run        close quiet cases and purge personal data that is due, now
  backup <file>        online backup of the database (the data key is NOT in it: keep it apart)
  restore <file>       copy a backup over the database`;

type Command = (args: string[], config: Config) => Promise<unknown> | unknown;

function withDatabase<T>(config: Config, fn: (database: Database_) => T): T {
  const database = openDatabase(config.DATABASE_PATH, { cacheMb: config.DATABASE_CACHE_MB });
  try {
    return fn(database);
  } finally {
    database.close();
  }
}

const OPERATOR = 'operator';

function requireAccount(db: Database_['db'], id: string | undefined) {
  if (!id) throw new Error('--id is required');
  const account = findAccount(db, id);
  if (!account) throw new Error(`no account ${id}`);
  return account;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

const keyringOf = (config: Config) =>
  loadKeyring({ dataKey: config.DATA_KEY, previousKeys: config.DATA_KEYS_PREVIOUS, databasePath: config.DATABASE_PATH });

const commands: Record<string, Command> = {
  'accounts:create'(args, config) {
    const { values } = parseArgs({ args, options: { role: { type: 'string' }, name: { type: 'string' } } });
    if (!values.role || !(accountRoles as readonly string[]).includes(values.role))
      throw new Error(`--role must be one of ${accountRoles.join(', ')}`);
    if (!values.name?.trim()) throw new Error('--name is required');
    return withDatabase(config, ({ db }) => {
      const { account, apiKey } = createAccount(db, {
        role: values.role as AccountRole,
        name: values.name!.trim(),
        now: Date.now(),
        actor: OPERATOR,
      });
      return { id: account.id, apiKey };
    });
  },
  'accounts:list'(_args, config) {
    return withDatabase(config, ({ db }) => listAccounts(db));
  },
  'accounts:rotate-key'(args, config) {
    const { values } = parseArgs({ args, options: { id: { type: 'string' }, 'keep-others': { type: 'boolean' } } });
    return withDatabase(config, ({ db }) => {
      const account = requireAccount(db, values.id);
      return rotateKey(db, { accountId: account.id, now: Date.now(), actor: OPERATOR, keepOthers: values['keep-others'] });
    });
  },
  'accounts:revoke-key'(args, config) {
    const { values } = parseArgs({ args, options: { id: { type: 'string' }, key: { type: 'string' } } });
    if (!values.key) throw new Error('--key is required');
    return withDatabase(config, ({ db }) => {
      const account = requireAccount(db, values.id);
      if (!revokeKey(db, { accountId: account.id, keyId: values.key!, now: Date.now(), actor: OPERATOR }))
        throw new Error('no such active key on this account');
      return { revoked: values.key };
    });
  },
  async 'accounts:set-password'(args, config) {
    const { values } = parseArgs({ args, options: { id: { type: 'string' }, login: { type: 'string' } } });
    // From stdin, never from the command line, where other users of the machine can read it.
    const parsed = setPasswordSchema.safeParse({ login: values.login, password: await readStdin() });
    if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
    const passwordHash = await hashPassword(parsed.data.password, config.PASSWORD_SCRYPT_LOG_N);
    return withDatabase(config, ({ db }) => {
      const account = requireAccount(db, values.id);
      const outcome = setPassword(db, { accountId: account.id, login: parsed.data.login, passwordHash, now: Date.now(), actor: OPERATOR });
      if (outcome !== 'set') throw new Error(outcome === 'login_taken' ? 'this login belongs to another account' : 'no such account');
      return { id: account.id, login: parsed.data.login.toLowerCase() };
    });
  },
  'accounts:disable'(args, config) {
    const { values } = parseArgs({ args, options: { id: { type: 'string' } } });
    return withDatabase(config, ({ db }) => {
      const account = requireAccount(db, values.id);
      disableAccount(db, { accountId: account.id, now: Date.now(), actor: OPERATOR });
      return { id: account.id, disabled: true };
    });
  },
  'keys:rotate'(_args, config) {
    if (config.DATA_KEY) {
      throw new Error(
        'DATA_KEY comes from the environment: set the new key as DATA_KEY, the old one in DATA_KEYS_PREVIOUS, then run keys:reseal',
      );
    }
    // Load before rotating so the key about to become "previous" is known to be readable.
    withDatabase(config, () => keyringOf(config));
    const rotated = rotateKeyFile(config.DATABASE_PATH);
    const report = withDatabase(config, ({ sqlite }) => resealAll(sqlite, keyringOf(config)));
    const forgotten = forgetPreviousKeyFiles(config.DATABASE_PATH);
    return { ...rotated, ...report, forgotten };
  },
  'keys:reseal'(_args, config) {
    return withDatabase(config, ({ sqlite }) => ({ currentId: keyringOf(config).currentId, ...resealAll(sqlite, keyringOf(config)) }));
  },
  'retention:run'(_args, config) {
    return withDatabase(config, (database) => retentionJob({ database, config, keyring: keyringOf(config) }).run(Date.now()));
  },
  async backup(args, config) {
    const file = args[0];
    if (!file) throw new Error('usage: backup <file>');
    const database = openDatabase(config.DATABASE_PATH, { cacheMb: config.DATABASE_CACHE_MB });
    try {
      return {
        file,
        ...(await backupDatabase({ sqlite: database.sqlite, file })),
        note: 'the data key is not in the backup; keep it apart',
      };
    } finally {
      database.close();
    }
  },
  async restore(args, config) {
    const file = args[0];
    if (!file) throw new Error('usage: restore <file>');
    return { file, ...(await restoreDatabase({ backupFile: file, databasePath: config.DATABASE_PATH })) };
  },
};

// A built-in platform as PLATFORMS_FILE takes it, so a caseworker can correct a form or an
// address by copying the entry into that file (an entry with a built-in id replaces it).
commands['platforms:export'] = (args) => {
  const { values } = parseArgs({ args, options: { id: { type: 'string' } } });
  const platforms = builtInEntries().filter((e) => !values.id || e.id === values.id);
  if (platforms.length === 0) throw new Error(`no built-in platform with id ${values.id}`);
  return { platforms };
};

const [name, ...rest] = process.argv.slice(2);
const command = name ? commands[name] : undefined;
if (!command) {
  process.stderr.write(`${usage}\n`);
  process.exit(2);
}
try {
  const out = await command(rest, loadConfig());
  if (out !== undefined) process.stdout.write(`${JSON.stringify(out)}\n`);
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(1);
}
