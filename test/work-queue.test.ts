import { describe, expect, it } from 'vitest';
import { buildQueueSql, loadQueueCounts, loadWorkQueue, workQueueQuerySchema } from '../src/cases/work-queue.js';
import { createRequest } from '../src/intake/create-request.js';
import { createRequestSchema } from '../src/intake/request-schema.js';
import { createTestServices, requestBody } from './support/services.js';

function seed(
  s: ReturnType<typeof createTestServices>,
  specs: Array<{ urgent?: boolean; overdue?: boolean; host?: string; category?: string }>,
) {
  const refs: string[] = [];
  for (const spec of specs) {
    s.clock.advance(1000);
    const input = createRequestSchema.parse(
      requestBody([`https://${spec.host ?? 'alpha'}.test/${refs.length}`], {
        urgent: spec.urgent ?? false,
        category: spec.category ?? 'intimate_image',
      }),
    );
    const out = createRequest({ db: s.database.db, keyring: s.keyring, registry: s.registry, router: s.router, now: s.clock.now() }, input);
    if (out.kind !== 'created') throw new Error('not created');
    if (spec.overdue) s.database.sqlite.prepare('UPDATE requests SET overdue = 1 WHERE id = ?').run(out.requestId);
    refs.push(out.response.reference);
  }
  return refs;
}

const q = (over: Record<string, string> = {}) => workQueueQuerySchema.parse(over);

describe('the work queue', () => {
  it('puts urgent first, then overdue, then oldest, and pages through without gaps or repeats', () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }, { id: 'beta', channel: { type: 'manual' } }] });
    const refs = seed(s, [
      {}, // 0 plain, oldest
      { overdue: true }, // 1
      { urgent: true }, // 2
      { urgent: true, overdue: true }, // 3
      {}, // 4
      { urgent: true }, // 5
      { overdue: true, host: 'beta' }, // 6
    ]);
    const expected = [3, 2, 5, 1, 6, 0, 4].map((i) => refs[i]);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = loadWorkQueue(s.database.sqlite, q({ limit: '2', ...(cursor ? { cursor } : {}) }));
      seen.push(...page.rows.map((r) => r.reference));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(expected);
  });

  it('filters by platform, channel, overdue and category, and counts at the top', () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }, { id: 'beta', channel: { type: 'manual' } }] });
    const refs = seed(s, [{}, { host: 'beta', overdue: true }, { category: 'sextortion' }, { host: 'beta' }]);
    const refsOf = (over: Record<string, string>) => loadWorkQueue(s.database.sqlite, q(over)).rows.map((r) => r.reference);
    expect(refsOf({ platform: 'beta' })).toEqual([refs[1], refs[3]]);
    expect(refsOf({ channel: 'manual' })).toEqual([refs[1], refs[3]]);
    expect(refsOf({ overdue: 'true' })).toEqual([refs[1]]);
    expect(refsOf({ category: 'sextortion' })).toEqual([refs[2]]);
    expect(refsOf({ status: 'needs_attention' })).toEqual([]);
    const counts = loadQueueCounts(s.database.sqlite);
    expect(counts).toMatchObject({ active: 4, urgent: 1, overdue: 1, manualPending: 2 });
  });

  it('serves every filter from an index that already has the queue order: no sort, no scan before the cursor', () => {
    const s = createTestServices();
    const filters: Array<Record<string, string>> = [
      {},
      { status: 'all' },
      { status: 'needs_attention' },
      { category: 'sextortion' },
      { status: 'all', category: 'other' },
      { platform: 'x' },
      { channel: 'manual' },
    ];
    for (const filter of filters) {
      for (const after of [undefined, { c: 5, i: 'a' }]) {
        const { sql, params } = buildQueueSql(q(filter), { u: 1, o: 0, after }, { limit: 51 });
        const plan = (s.database.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map(
          (r) => r.detail,
        );
        expect(plan.join(' | '), JSON.stringify(filter)).not.toContain('TEMP B-TREE');
        expect(plan[0], JSON.stringify(filter)).toMatch(/^SEARCH r USING INDEX requests_\w*queue_idx \(.*urgent=\? AND overdue=\?/);
        if (after) expect(plan[0]).toContain('(created_at,id)>(?,?)');
      }
    }
  });
});
