import { parseArgs } from 'node:util';
import { builtInEntries } from '../platforms/catalogue/index.js';
import { accountRoles, createAccount, type AccountRole } from './accounts/api-keys.js';
import { loadConfig } from './config.js';
import { openDatabase } from './db/client.js';

// Operator commands: `npm run cli -- <command> [options]`. Output is JSON on stdout; errors go to
// stderr with a non-zero exit code.

const usage = `usage: npm run cli -- <command>
  accounts:create --role caseworker|organisation|admin --name "…"   prints {"id","apiKey"} once
  platforms:export [--id <platform>]                                 prints built-in platforms as a PLATFORMS_FILE`;

type Command = (args: string[]) => Promise<unknown> | unknown;

const commands: Record<string, Command> = {
  'accounts:create'(args) {
    const { values } = parseArgs({ args, options: { role: { type: 'string' }, name: { type: 'string' } } });
    if (!values.role || !(accountRoles as readonly string[]).includes(values.role))
      throw new Error(`--role must be one of ${accountRoles.join(', ')}`);
    if (!values.name?.trim()) throw new Error('--name is required');
    const database = openDatabase(loadConfig().DATABASE_PATH);
    try {
      const { account, apiKey } = createAccount(database.db, {
        role: values.role as AccountRole,
        name: values.name.trim(),
        now: Date.now(),
      });
      return { id: account.id, apiKey };
    } finally {
      database.close();
    }
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
  const out = await command(rest);
  if (out !== undefined) process.stdout.write(`${JSON.stringify(out)}\n`);
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(1);
}
