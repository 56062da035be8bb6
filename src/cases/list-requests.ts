import { and, asc, desc, eq, exists, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { requests, submissions } from '../db/schema.js';

export interface ListFilter {
  status?: string;
  urgent?: boolean;
  platform?: string;
  overdue?: boolean;
  accountId?: string;
  limit: number;
  cursor?: string;
}

export interface ListedRequest {
  reference: string;
  category: string;
  urgent: boolean;
  overdue: boolean;
  status: string;
  createdAt: string;
  updatedAt: string;
  submissions: Array<{ platform: string; channel: string; status: string }>;
}

interface Cursor {
  u: number;
  o: number;
  c: number;
  i: string;
}

const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');

export function decodeCursor(text: string): Cursor | null {
  try {
    const c = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Cursor;
    if ([c.u, c.o, c.c].every((n) => typeof n === 'number') && typeof c.i === 'string') return c;
  } catch {
    // fall through
  }
  return null;
}

// The work queue: urgent first, then overdue, then oldest. Keyset pagination on the same order
// (served by requests_queue_idx), so page 1,000 costs what page 1 does.
export function listRequests(db: Db, filter: ListFilter): { items: ListedRequest[]; nextCursor: string | null } {
  const where: SQL[] = [];
  if (filter.status) where.push(eq(requests.status, filter.status));
  if (filter.urgent !== undefined) where.push(eq(requests.urgent, filter.urgent));
  if (filter.overdue !== undefined) where.push(eq(requests.overdue, filter.overdue));
  if (filter.accountId) where.push(eq(requests.accountId, filter.accountId));
  if (filter.platform) {
    where.push(
      exists(
        db
          .select({ one: sql`1` })
          .from(submissions)
          .where(and(eq(submissions.requestId, requests.id), eq(submissions.platformId, filter.platform))),
      ),
    );
  }
  const cursor = filter.cursor ? decodeCursor(filter.cursor) : null;
  if (cursor) {
    const u = sql`${requests.urgent}`;
    const o = sql`${requests.overdue}`;
    where.push(
      or(
        sql`${u} < ${cursor.u}`,
        and(sql`${u} = ${cursor.u}`, sql`${o} < ${cursor.o}`),
        and(sql`${u} = ${cursor.u}`, sql`${o} = ${cursor.o}`, sql`${requests.createdAt} > ${cursor.c}`),
        and(sql`${u} = ${cursor.u}`, sql`${o} = ${cursor.o}`, eq(requests.createdAt, cursor.c), sql`${requests.id} > ${cursor.i}`),
      )!,
    );
  }
  const rows = db
    .select()
    .from(requests)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(requests.urgent), desc(requests.overdue), asc(requests.createdAt), asc(requests.id))
    .limit(filter.limit + 1)
    .all();
  const page = rows.slice(0, filter.limit);
  const subs = page.length
    ? db
        .select({
          requestId: submissions.requestId,
          platform: submissions.platformId,
          channel: submissions.channel,
          status: submissions.status,
        })
        .from(submissions)
        .where(
          inArray(
            submissions.requestId,
            page.map((r) => r.id),
          ),
        )
        .all()
    : [];
  const byRequest = new Map<string, ListedRequest['submissions']>();
  for (const s of subs)
    byRequest.set(s.requestId, [...(byRequest.get(s.requestId) ?? []), { platform: s.platform, channel: s.channel, status: s.status }]);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      reference: r.reference,
      category: r.category,
      urgent: r.urgent,
      overdue: r.overdue,
      status: r.status,
      createdAt: new Date(r.createdAt).toISOString(),
      updatedAt: new Date(r.updatedAt).toISOString(),
      submissions: byRequest.get(r.id) ?? [],
    })),
    nextCursor:
      rows.length > filter.limit && last
        ? encodeCursor({ u: last.urgent ? 1 : 0, o: last.overdue ? 1 : 0, c: last.createdAt, i: last.id })
        : null,
  };
}
