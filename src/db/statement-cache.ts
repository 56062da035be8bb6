import type Database from 'better-sqlite3';

// drizzle hands better-sqlite3 the text of every query and has it compiled again each time; for
// the short, repeated queries of intake and dispatch that compilation is a large share of the work.
// This gives drizzle a view of the connection that keeps compiled statements by their SQL text
// (drizzle's text is stable per query shape, with values bound as parameters), so each shape is
// compiled once. Only drizzle sees the cache: code that prepares its own statements on the
// connection keeps statements nobody else can reconfigure.

const MAX_STATEMENTS = 1_000;

export function withStatementCache(sqlite: Database.Database): Database.Database {
  const cache = new Map<string, Database.Statement>();
  const prepare = (source: string): Database.Statement => {
    const cached = cache.get(source);
    // A statement still stepping through an iterate() cannot be run again: hand out a fresh one.
    if (cached && !cached.busy) {
      // drizzle's values() turns raw mode on; the next query of the same text may want objects.
      if (cached.reader) cached.raw(false);
      cache.delete(source);
      cache.set(source, cached);
      return cached;
    }
    const statement = sqlite.prepare(source);
    if (!cached) {
      cache.set(source, statement);
      if (cache.size > MAX_STATEMENTS) cache.delete(cache.keys().next().value!);
    }
    return statement;
  };
  return new Proxy(sqlite, {
    get(target, property) {
      if (property === 'prepare') return prepare;
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
