import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { call, createTestServices, requestBody } from './support/services.js';

const counts = (s: ReturnType<typeof createTestServices>) =>
  s.database.sqlite
    .prepare(
      `SELECT (SELECT count(*) FROM requests) AS requests, (SELECT count(*) FROM submissions) AS submissions,
              (SELECT count(*) FROM items) AS items, (SELECT count(*) FROM events) AS events`,
    )
    .get();

describe('when storage fails', () => {
  it('answers 503 with Retry-After on a full disk, writes nothing half, and recovers once space returns', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'td-full-'));
    const s = createTestServices({ platforms: [{ id: 'alpha' }], config: { DATABASE_PATH: join(dir, 'takedown.db') } });
    const first = await call(s.app, 'POST', '/api/v1/requests', { body: requestBody(['https://alpha.test/0']) });
    expect(first.status).toBe(201);
    const pages = s.database.sqlite.pragma('page_count', { simple: true }) as number;
    s.database.sqlite.pragma(`max_page_count = ${pages}`);
    const before = counts(s);

    // A request big enough to need new pages.
    const urls = Array.from({ length: 200 }, (_, i) => `https://alpha.test/${'x'.repeat(200)}/${i}`);
    const full = await call(s.app, 'POST', '/api/v1/requests', { body: requestBody(urls) });
    expect(full.status).toBe(503);
    expect(full.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(full.headers.get('content-type')).toContain('application/problem+json');
    expect(counts(s)).toEqual(before);
    expect(s.database.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');

    s.database.sqlite.pragma('max_page_count = 1073741823');
    const again = await call(s.app, 'POST', '/api/v1/requests', { body: requestBody(urls) });
    expect(again.status).toBe(201);
    expect(
      (await call(s.app, 'GET', `/api/v1/requests/${again.json.reference}`, { token: again.json.statusToken })).json.items,
    ).toHaveLength(200);
  });

  it('in one shared commit, a request that fills the disk never leaves another answered 201 but unstored', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'td-full-group-'));
    const s = createTestServices({ platforms: [{ id: 'alpha' }], config: { DATABASE_PATH: join(dir, 'takedown.db') } });
    expect((await call(s.app, 'POST', '/api/v1/requests', { body: requestBody(['https://alpha.test/0']) })).status).toBe(201);
    s.database.sqlite.pragma(`max_page_count = ${s.database.sqlite.pragma('page_count', { simple: true }) as number}`);
    const big = Array.from({ length: 200 }, (_, i) => `https://alpha.test/${'y'.repeat(200)}/${i}`);
    // Sent in the same turn, so they share one transaction (db/group-commit.ts).
    const answers = await Promise.all([
      call(s.app, 'POST', '/api/v1/requests', { body: requestBody(['https://alpha.test/small']) }),
      call(s.app, 'POST', '/api/v1/requests', { body: requestBody(big) }),
    ]);
    expect(answers[1]!.status).toBe(503);
    for (const answer of answers) {
      if (answer.status === 201) {
        const read = await call(s.app, 'GET', `/api/v1/requests/${answer.json.reference}`, { token: answer.json.statusToken });
        expect(read.status).toBe(200);
      } else expect(answer.status).toBe(503);
    }
    const stored = (s.database.sqlite.prepare('SELECT count(*) AS n FROM requests').get() as { n: number }).n;
    expect(stored).toBe(1 + answers.filter((a) => a.status === 201).length);
    expect(s.database.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('answers 503 when the database has become read-only, and reads keep working', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'td-ro-'));
    const s = createTestServices({ platforms: [{ id: 'alpha' }], config: { DATABASE_PATH: join(dir, 'takedown.db') } });
    const first = await call(s.app, 'POST', '/api/v1/requests', { body: requestBody(['https://alpha.test/0']) });
    s.database.sqlite.pragma('query_only = ON');
    const refused = await call(s.app, 'POST', '/api/v1/requests', { body: requestBody(['https://alpha.test/1']) });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    const read = await call(s.app, 'GET', `/api/v1/requests/${first.json.reference}`, { token: first.json.statusToken });
    expect(read.status).toBe(200);
    s.database.sqlite.pragma('query_only = OFF');
    expect((await call(s.app, 'POST', '/api/v1/requests', { body: requestBody(['https://alpha.test/1']) })).status).toBe(201);
  });
});
