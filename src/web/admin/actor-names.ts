import type { Db } from '../../db/client.js';
import { accounts } from '../../db/schema.js';

// Timelines name people, not ids. Accounts are few (staff and organisations), so all are read.
export function accountNames(db: Db): Map<string, string> {
  return new Map(
    db
      .select({ id: accounts.id, name: accounts.name })
      .from(accounts)
      .all()
      .map((a) => [a.id, a.name]),
  );
}
