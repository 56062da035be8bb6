import type Database from 'better-sqlite3';
import { z } from 'zod';
import { categories, channelTypes } from '../../platforms/types.js';
import { requestStatuses } from './event-types.js';

// The caseworkers' work queue: urgent first, then overdue, then oldest, with keyset pagination on
// that order. Every filter combination is served by an index that already yields the order
// (requests_*_queue_idx), so page 1,000 of a million costs what page 1 does; the test asserts
// the plans.

export const ACTIVE_STATUSES = ['open', 'in_progress', 'partially_resolved', 'needs_attention'] as const;
// Written out as literals, exactly as in requests_active_queue_idx's WHERE, so SQLite can use it.
const ACTIVE_SQL = `status IN (${ACTIVE_STATUSES.map((s) => `'${s}'`).join(', ')})`;

const flag = z.enum(['true', 'false', '']).transform((v) => (v === '' ? undefined : v === 'true'));
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional()) as unknown as z.ZodOptional<T>;

export const workQueueQuerySchema = z.object({
  status: optional(z.enum(['active', 'all', ...requestStatuses])).default('active'),
  category: optional(z.enum(categories)),
  platform: optional(z.string().min(1).max(300)),
  channel: optional(z.enum(channelTypes)),
  overdue: flag.optional(),
  urgent: flag.optional(),
  cursor: optional(z.string().max(500)),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type WorkQueueQuery = z.infer<typeof workQueueQuerySchema>;

export interface QueueRow {
  id: string;
  reference: string;
  category: string;
  urgent: boolean;
  overdue: boolean;
  status: string;
  reviewReason: string | null;
  createdAt: number;
  updatedAt: number;
  platforms: string;
  channels: string;
  manualPending: number;
}

interface Cursor {
  u: number;
  o: number;
  c: number;
  i: string;
}

const encode = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');
function decode(text: string): Cursor | null {
  try {
    const c = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Cursor;
    if ([c.u, c.o, c.c].every((n) => Number.isInteger(n)) && typeof c.i === 'string') return c;
  } catch {
    // not ours
  }
  return null;
}

// urgent and overdue are 0 or 1, so the queue is four runs in this order; within a run, oldest
// first. Each run is one index seek with equality on (urgent, overdue) and a row-value range on
// (created_at, id): no sort, no scan of what came before the cursor.
const RUNS: Array<{ u: 0 | 1; o: 0 | 1 }> = [
  { u: 1, o: 1 },
  { u: 1, o: 0 },
  { u: 0, o: 1 },
  { u: 0, o: 0 },
];

export function buildQueueSql(
  query: WorkQueueQuery,
  run: { u: 0 | 1; o: 0 | 1; after?: { c: number; i: string } },
  options: { accountId?: string; limit: number },
): { sql: string; params: unknown[] } {
  const where: string[] = ['r.urgent = ?', 'r.overdue = ?'];
  const params: unknown[] = [run.u, run.o];
  // Which index yields the order for this filter; named, because the planner cannot know that
  // a status IN (…) matches the partial index better than the plain status index.
  let index = 'requests_queue_idx';
  if (query.status === 'active') {
    where.push(`r.${ACTIVE_SQL}`);
    index = 'requests_active_queue_idx';
  } else if (query.status !== 'all') {
    where.push('r.status = ?');
    params.push(query.status);
    index = 'requests_status_queue_idx';
  }
  if (query.category) {
    where.push('r.category = ?');
    params.push(query.category);
    if (query.status === 'all') index = 'requests_category_queue_idx';
  }
  if (options.accountId) {
    where.push('r.account_id = ?');
    params.push(options.accountId);
  }
  if (query.platform) {
    where.push('EXISTS (SELECT 1 FROM submissions p WHERE p.request_id = r.id AND p.platform_id = ?)');
    params.push(query.platform);
  }
  if (query.channel) {
    where.push('EXISTS (SELECT 1 FROM submissions ch WHERE ch.request_id = r.id AND ch.channel = ?)');
    params.push(query.channel);
  }
  if (run.after) {
    where.push('(r.created_at, r.id) > (?, ?)');
    params.push(run.after.c, run.after.i);
  }
  const sql = `SELECT r.id, r.reference, r.category, r.urgent, r.overdue, r.status, r.review_reason AS reviewReason,
      r.created_at AS createdAt, r.updated_at AS updatedAt
    FROM requests r INDEXED BY ${index}
    WHERE ${where.join(' AND ')}
    ORDER BY r.created_at ASC, r.id ASC
    LIMIT ?`;
  return { sql, params: [...params, options.limit] };
}

export function loadWorkQueue(
  sqlite: Database.Database,
  query: WorkQueueQuery,
  accountId?: string,
): { rows: QueueRow[]; nextCursor: string | null } {
  const cursor = query.cursor ? decode(query.cursor) : null;
  const found: Array<Omit<QueueRow, 'platforms' | 'channels' | 'manualPending'>> = [];
  const want = query.limit + 1;
  for (const run of RUNS) {
    if (query.urgent !== undefined && run.u !== (query.urgent ? 1 : 0)) continue;
    if (query.overdue !== undefined && run.o !== (query.overdue ? 1 : 0)) continue;
    // Runs before the cursor's run are done; the cursor's run continues after it.
    if (cursor && (run.u > cursor.u || (run.u === cursor.u && run.o > cursor.o))) continue;
    const after = cursor && run.u === cursor.u && run.o === cursor.o ? { c: cursor.c, i: cursor.i } : undefined;
    const { sql, params } = buildQueueSql(query, { ...run, after }, { accountId, limit: want - found.length });
    found.push(...(sqlite.prepare(sql).all(...params) as typeof found));
    if (found.length >= want) break;
  }
  const page = found.slice(0, query.limit);
  const perCase = sqlite.prepare<[string], { platforms: string | null; channels: string | null; manualPending: number | null }>(
    `SELECT group_concat(DISTINCT platform_id) AS platforms, group_concat(DISTINCT channel) AS channels,
       sum(status = 'manual_pending') AS manualPending FROM submissions WHERE request_id = ?`,
  );
  const rows = page.map((r) => {
    const s = perCase.get(r.id)!;
    return {
      ...r,
      urgent: Boolean(r.urgent),
      overdue: Boolean(r.overdue),
      platforms: s.platforms ?? '',
      channels: s.channels ?? '',
      manualPending: s.manualPending ?? 0,
    };
  });
  const last = page.at(-1);
  return {
    rows,
    nextCursor:
      found.length > query.limit && last
        ? encode({ u: last.urgent ? 1 : 0, o: last.overdue ? 1 : 0, c: last.createdAt, i: last.id })
        : null,
  };
}

export interface QueueCounts {
  active: number;
  urgent: number;
  overdue: number;
  needsAttention: number;
  manualPending: number;
  byStatus: Record<string, number>;
}

// The figures at the top of the queue; each is one index range count.
export function loadQueueCounts(sqlite: Database.Database): QueueCounts {
  const one = (sql: string) => (sqlite.prepare(sql).get() as { n: number }).n;
  const byStatus = Object.fromEntries(
    (sqlite.prepare('SELECT status, count(*) AS n FROM requests GROUP BY status').all() as Array<{ status: string; n: number }>).map(
      (r) => [r.status, r.n],
    ),
  );
  return {
    active: one(`SELECT count(*) AS n FROM requests WHERE ${ACTIVE_SQL}`),
    urgent: one(`SELECT count(*) AS n FROM requests WHERE ${ACTIVE_SQL} AND urgent = 1`),
    overdue: one(`SELECT count(*) AS n FROM requests WHERE ${ACTIVE_SQL} AND overdue = 1`),
    needsAttention: byStatus.needs_attention ?? 0,
    manualPending: one(`SELECT count(*) AS n FROM submissions WHERE status = 'manual_pending'`),
    byStatus,
  };
}
