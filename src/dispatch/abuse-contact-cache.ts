import { eq } from 'drizzle-orm';
import type { AbuseContactCache, HostRoute } from '../../platforms/rdap/find-host-route.js';
import type { Db } from '../db/client.js';
import { abuseContacts } from '../db/schema.js';

// The host route's memory of abuse contacts, in the database so that every worker process and
// every restart share it. Expired rows are simply looked up again.
export function createAbuseContactCache(options: { db: Db; now: () => number }): AbuseContactCache {
  const { db, now } = options;
  return {
    async get(host) {
      const row = db.select().from(abuseContacts).where(eq(abuseContacts.host, host)).get();
      if (!row || row.expiresAt <= now()) return undefined;
      try {
        return JSON.parse(row.route) as HostRoute;
      } catch {
        return undefined;
      }
    },
    async set(host, route, ttlMs) {
      const at = now();
      const values = { host, route: JSON.stringify(route), foundAt: at, expiresAt: at + ttlMs };
      db.insert(abuseContacts)
        .values(values)
        .onConflictDoUpdate({ target: abuseContacts.host, set: { route: values.route, foundAt: at, expiresAt: values.expiresAt } })
        .run();
    },
  };
}
