import { asc, eq } from 'drizzle-orm';
import type { Db, DbTx } from '../db/client.js';
import { items } from '../db/schema.js';

// Most submissions own the items (links) routed to their platform. A request-wide submission (the
// hotline for child sexual abuse material) owns none: it covers every link of the request, so the
// links are never counted twice and only platforms' answers decide whether they are gone.
export function submissionUrls(db: Db | DbTx, submission: { id: string; requestId: string }): string[] {
  const own = db.select({ url: items.url }).from(items).where(eq(items.submissionId, submission.id)).orderBy(asc(items.position)).all();
  if (own.length > 0) return own.map((i) => i.url);
  return requestUrls(db, submission.requestId);
}

export function requestUrls(db: Db | DbTx, requestId: string): string[] {
  const all = db.select({ url: items.url }).from(items).where(eq(items.requestId, requestId)).orderBy(asc(items.position)).all();
  return [...new Set(all.map((i) => i.url))];
}
