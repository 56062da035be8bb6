import { parseArgs } from 'node:util';
import { setPasswordSchema } from './accounts/account-schemas.js';
import { accountRoles, createAccount, revokeKey, rotateKey, type AccountRole } from './accounts/api-keys.js';
import { disableAccount, findAccount, listAccounts, setPassword } from './accounts/manage-accounts.js';
import { hashPassword } from './accounts/passwords.js';
import { loadConfig } from './config.js';
import { openDatabase, type Database_ } from './db/client.js';

// Operator commands: `npm run cli -- <command> [options]`. Output is JSON on stdout; errors go to
// stderr with a non-zero exit code. What the operator does is in the audit log as 'operator'.

const usage = `usage: npm run cli -- <command>
  accounts:create --role caseworker|organisation|admin --name "…"   prints {"id","apiKey"} once
  accounts:list                                                      accounts, their keys (ids only)
  accounts:rotate-key --id <accountId> [--keep-others]               prints {"keyId","apiKey","revoked"}
  accounts:revoke-key --id <accountId> --key <keyId>
  accounts:set-password --id <accountId> --login <e-mail>            reads the password from stdin
  accounts:disable --id <accountId>`;

type Command = (args: string[]) => Promise<unknown> | unknown;
const OPERATOR = 'operator';

async function withDatabase<T>(run: (database: Database_) => T | Promise<T>): Promise<T> {
  const database = openDatabase(loadConfig().DATABASE_PATH);
  try {
    return await run(database);
  } finally {
    database.close();
  }
}

function requireAccount(database: Database_, id: string | undefined) {
  if (!id) throw new Error('--id is required');
  const account = findAccount(database.db, id);
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

const commands: Record<string, Command> = {
  'accounts:create'(args) {
    const { values } = parseArgs({ args, options: { role: { type: 'string' }, name: { type: 'string' } } });
    if (!values.role || !(accountRoles as readonly string[]).includes(values.role))
      throw new Error(`--role must be one of ${accountRoles.join(', ')}`);
    if (!values.name?.trim()) throw new Error('--name is required');
    return withDatabase((database) => {
      const { account, apiKey } = createAccount(database.db, {
        role: values.role as AccountRole,
        name: values.name!.trim(),
        now: Date.now(),
        actor: OPERATOR,
      });
      return { id: account.id, apiKey };
    });
  },
  'accounts:list'() {
    return withDatabase((database) => listAccounts(database.db));
  },
  'accounts:rotate-key'(args) {
    const { values } = parseArgs({ args, options: { id: { type: 'string' }, 'keep-others': { type: 'boolean' } } });
    return withDatabase((database) => {
      const account = requireAccount(database, values.id);
      return rotateKey(database.db, { accountId: account.id, now: Date.now(), actor: OPERATOR, keepOthers: values['keep-others'] });
    });
  },
  'accounts:revoke-key'(args) {
    const { values } = parseArgs({ args, options: { id: { type: 'string' }, key: { type: 'string' } } });
    if (!values.key) throw new Error('--key is required');
    return withDatabase((database) => {
      const account = requireAccount(database, values.id);
      if (!revokeKey(database.db, { accountId: account.id, keyId: values.key!, now: Date.now(), actor: OPERATOR }))
        throw new Error('no such active key on this account');
      return { revoked: values.key };
    });
  },
  async 'accounts:set-password'(args) {
    const { values } = parseArgs({ args, options: { id: { type: 'string' }, login: { type: 'string' } } });
    // From stdin, never from the command line, where other users of the machine can read it.
    const parsed = setPasswordSchema.safeParse({ login: values.login, password: await readStdin() });
    if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
    const config = loadConfig();
    const passwordHash = await hashPassword(parsed.data.password, config.PASSWORD_SCRYPT_LOG_N);
    return withDatabase((database) => {
      const account = requireAccount(database, values.id);
      const outcome = setPassword(database.db, {
        accountId: account.id,
        login: parsed.data.login,
        passwordHash,
        now: Date.now(),
        actor: OPERATOR,
      });
      if (outcome !== 'set') throw new Error(outcome === 'login_taken' ? 'this login belongs to another account' : 'no such account');
      return { id: account.id, login: parsed.data.login.toLowerCase() };
    });
  },
  'accounts:disable'(args) {
    const { values } = parseArgs({ args, options: { id: { type: 'string' } } });
    return withDatabase((database) => {
      const account = requireAccount(database, values.id);
      disableAccount(database.db, { accountId: account.id, now: Date.now(), actor: OPERATOR });
      return { id: account.id, disabled: true };
    });
  },
};

const [name, ...rest] = process.argv.slice(2);
const command = name ? commands[name] : undefined;
if (!command) {
  process.stderr.write(`${usage}\n`);
  process.exit(2);
}
try {
  const out = await command(rest);
  if (out !== undefined) process.stdout.write(`${JSON.stringify(out)}\n`);
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(1);
}
