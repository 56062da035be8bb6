import { http as mswHttp, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { checkUrl } from '../src/confirm/check-url.js';
import { BATCH_END_QUERY, createRecheckJob, DUE_QUERY, SEED_LAG_MS, SEED_QUERY } from '../src/confirm/recheck-urls.js';
import { applyConfirmation } from '../src/confirm/apply-confirmation.js';
import { submissions, urlChecks } from '../src/db/schema.js';
import { staticResolver } from '../src/http/resolver.js';
import { createSafeHttp } from '../src/http/safe-fetch.js';
import { useMsw } from './support/msw.js';
import { startLoopbackServer } from './support/loopback-server.js';
import { call, createTestServices, requestBody } from './support/services.js';

const msw = useMsw();
const MIN = 60_000;
const HOUR = 60 * MIN;

// The platform takes notices over http (msw); the reported pages are served by a real loopback
// server, reached through the SSRF-safe client with loopback explicitly allowed and a fake resolver.
async function setUp(pages: Record<string, () => number>) {
  const server = await startLoopbackServer((req, res) => {
    const status = pages[req.url ?? '']?.() ?? 404;
    res.writeHead(status, { 'content-type': 'text/html' });
    res.end(req.method === 'HEAD' ? undefined : `<html>page ${req.url} ${status}</html>`);
  });
  msw.use(mswHttp.post('https://api.shop.test/notices', () => HttpResponse.json({ ticketId: 'T-1' }, { status: 201 })));
  const safeHttp = createSafeHttp({
    allowLoopback: true,
    resolver: staticResolver({ 'cdn.shop.test': '127.0.0.1', 'www.shop.test': '127.0.0.1' }),
    timeoutMs: 2_000,
  });
  const s = createTestServices({ platforms: [{ id: 'shop' }], safeHttp });
  const base = `http://cdn.shop.test:${server.port}`;
  return { s, server, base, safeHttp, closeHttp: () => safeHttp.close() };
}

async function file(s: ReturnType<typeof createTestServices>, urls: string[], over: Record<string, unknown> = {}) {
  const res = await call(s.app, 'POST', '/api/v1/requests', { body: requestBody(urls, over) });
  expect(res.status).toBe(201);
  await s.worker.drain();
  return res.json as { reference: string; statusToken: string };
}

async function view(s: ReturnType<typeof createTestServices>, c: { reference: string; statusToken: string }) {
  return (await call(s.app, 'GET', `/api/v1/requests/${c.reference}`, { token: c.statusToken })).json;
}

describe('URL re-checks', () => {
  it('marks a 404 gone and a served page online, with one event each, and keeps no content', async () => {
    const { s, server, base, closeHttp } = await setUp({ '/gone': () => 404, '/live': () => 200 });
    try {
      const c = await file(s, [`${base}/gone`, `${base}/live`]);
      expect((await view(s, c)).submissions[0].status).toBe('submitted');

      s.clock.advance(6 * HOUR);
      await s.periodic.runAll();
      let v = await view(s, c);
      expect(v.items.map((i: any) => i.status)).toEqual(['removed', 'online']);
      expect(v.status).toBe('partially_resolved');
      expect(v.events.filter((e: any) => e.type === 'verified_gone')).toHaveLength(1);
      expect(v.events.filter((e: any) => e.type === 'verified_online')).toHaveLength(1);
      // HEAD, then a ranged GET that decides, for each page.
      expect(server.requests.map((r) => `${r.method} ${r.url} ${r.headers.range ?? ''}`.trim()).sort()).toEqual([
        'GET /gone bytes=0-16383',
        'GET /live bytes=0-16383',
        'HEAD /gone',
        'HEAD /live',
      ]);

      // What is stored: the status, the time, a hash of the first bytes; nothing of the page.
      const rows = s.database.db.select().from(urlChecks).all();
      expect(rows).toHaveLength(2);
      const live = rows.find((r) => r.outcome === 'online')!;
      expect(live.statusCode).toBe(200);
      expect(live.contentHash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(rows)).not.toContain('<html>');

      // A second pass at the same time finds nothing due; a later one repeats nothing in the timeline.
      await s.periodic.runAll();
      expect(s.database.db.select().from(urlChecks).all()).toHaveLength(2);
      s.clock.advance(6 * HOUR);
      await s.periodic.runAll();
      v = await view(s, c);
      expect(v.events.filter((e: any) => e.type.startsWith('verified_'))).toHaveLength(2);
      expect(s.database.db.select().from(urlChecks).all()).toHaveLength(3); // the live one again; the gone one waits a day
    } finally {
      await closeHttp();
    }
  });

  it('checks urgent cases sooner than ordinary ones', async () => {
    const { s, base, closeHttp } = await setUp({ '/a': () => 200, '/b': () => 200 });
    try {
      const urgent = await file(s, [`${base}/a`], { category: 'sextortion' });
      const ordinary = await file(s, [`${base}/b`]);
      s.clock.advance(15 * MIN);
      await s.periodic.runAll();
      expect((await view(s, urgent)).items[0].status).toBe('online');
      expect((await view(s, ordinary)).items[0].status).toBe('reported');
      s.clock.advance(6 * HOUR);
      await s.periodic.runAll();
      expect((await view(s, ordinary)).items[0].status).toBe('online');
    } finally {
      await closeHttp();
    }
  });

  it('resolves the request when every URL is gone, and re-opens it when one comes back', async () => {
    let status = 410;
    const { s, base, closeHttp } = await setUp({ '/flip': () => status });
    try {
      const c = await file(s, [`${base}/flip`]);
      s.clock.advance(6 * HOUR);
      await s.periodic.runAll();
      let v = await view(s, c);
      expect(v.items[0].status).toBe('removed');
      expect(v.submissions[0].status).toBe('removed');
      expect(v.submissions[0].resolvedAt).not.toBeNull();
      expect(v.status).toBe('resolved');

      status = 200;
      s.clock.advance(24 * HOUR);
      await s.periodic.runAll();
      v = await view(s, c);
      expect(v.items[0].status).toBe('online');
      expect(v.submissions[0]).toMatchObject({ status: 'submitted', resolvedAt: null });
      expect(v.status).toBe('in_progress');
      expect(v.events.at(-1)).toMatchObject({ type: 'verified_online' });
      expect(v.events.at(-1).detail).toMatch(/served again/);
    } finally {
      await closeHttp();
    }
  });

  it('reads a host that no longer exists as gone, and a server error as nothing', async () => {
    const { s, base, closeHttp } = await setUp({ '/err': () => 503 });
    try {
      const c = await file(s, [`${base}/err`, 'http://vanished.shop.test/x']);
      s.clock.advance(6 * HOUR);
      await s.periodic.runAll();
      const v = await view(s, c);
      expect(v.items.map((i: any) => i.status)).toEqual(['reported', 'removed']);
      expect(v.events.find((e: any) => e.type === 'verified_gone').detail).toMatch(/host not found/);
      const rows = s.database.db.select().from(urlChecks).all();
      expect(rows.map((r) => [r.outcome, r.statusCode]).sort()).toEqual([
        ['gone', null],
        ['inconclusive', 503],
      ]);
    } finally {
      await closeHttp();
    }
  });

  it('keeps checking after a platform refused, and resolves the request if the content goes anyway', async () => {
    const { s, base, closeHttp } = await setUp({ '/refused': () => 404 });
    try {
      msw.use(mswHttp.post('https://api.shop.test/notices', () => HttpResponse.json({ error: 'not a violation' }, { status: 422 })));
      const c = await file(s, [`${base}/refused`]);
      expect((await view(s, c)).status).toBe('needs_attention');
      s.clock.advance(6 * HOUR);
      await s.periodic.runAll();
      const v = await view(s, c);
      expect(v.items[0].status).toBe('removed');
      expect(v.submissions[0].status).toBe('rejected');
      expect(v.status).toBe('resolved');
    } finally {
      await closeHttp();
    }
  });

  it('does not trust a HEAD that says gone when the GET serves the page, nor a redirect to a sign-in page', async () => {
    const server = await startLoopbackServer((req, res) => {
      if (req.url === '/head-lies') res.writeHead(req.method === 'HEAD' ? 404 : 200).end();
      else if (req.url === '/private') res.writeHead(302, { location: '/accounts/login/?next=/private' }).end();
      else res.writeHead(200).end('sign in');
    });
    const http = createSafeHttp({ allowLoopback: true, resolver: staticResolver({}) });
    try {
      const lies = await checkUrl({ http, url: `${server.origin}/head-lies`, now: Date.now });
      expect(lies).toMatchObject({ outcome: 'online', statusCode: 200, detail: 'HTTP 200 (HEAD 404)' });
      const login = await checkUrl({ http, url: `${server.origin}/private`, now: Date.now });
      expect(login).toMatchObject({ outcome: 'inconclusive', detail: 'redirected to a sign-in page (HTTP 200)' });
    } finally {
      await http.close();
    }
  });

  it("checks links waiting for a platform's web form, closing the task when the content goes and re-opening it when it returns", async () => {
    let status = 200;
    const server = await startLoopbackServer((_req, res) => res.writeHead(status).end());
    const safeHttp = createSafeHttp({ allowLoopback: true, resolver: staticResolver({ 'www.formonly.test': '127.0.0.1' }) });
    const s = createTestServices({ platforms: [{ id: 'formonly', channel: { type: 'manual' } }], safeHttp });
    try {
      const res = await call(s.app, 'POST', '/api/v1/requests', { body: requestBody([`http://www.formonly.test:${server.port}/p`]) });
      const c = res.json as { reference: string; statusToken: string };
      expect((await view(s, c)).submissions[0].status).toBe('manual_pending');
      // The jobs run every minute: the link is on the schedule within two of the task's last change.
      s.clock.advance(2 * MIN);
      await s.periodic.runAll();
      s.clock.advance(6 * HOUR);
      await s.periodic.runAll();
      expect((await view(s, c)).items[0].status).toBe('online');
      status = 404;
      s.clock.advance(6 * HOUR);
      await s.periodic.runAll();
      let v = await view(s, c);
      expect(v.submissions[0].status).toBe('removed');
      expect(v.status).toBe('resolved');
      status = 200;
      s.clock.advance(24 * HOUR);
      await s.periodic.runAll();
      v = await view(s, c);
      expect(v.submissions[0].status).toBe('manual_pending');
      expect(v.submissions[0].manualTask).toBeDefined();
      expect(v.status).not.toBe('resolved');
    } finally {
      await safeHttp.close();
    }
  });

  it('re-opens a notice the platform called removed when the link is still served, and says so', async () => {
    const { s, base, closeHttp } = await setUp({ '/claimed': () => 200 });
    try {
      const c = await file(s, [`${base}/claimed`]);
      const sub = s.database.db.select().from(submissions).get()!;
      s.database.db.transaction((tx) => {
        applyConfirmation(tx, { submission: sub, confirmation: { status: 'removed' }, actor: 'platform:shop', now: s.clock.now() });
      });
      expect((await view(s, c)).status).toBe('resolved');
      s.clock.advance(6 * HOUR);
      await s.periodic.runAll();
      const v = await view(s, c);
      // The platform answered, so it stands acknowledged: it has the notice and must act again.
      expect(v.submissions[0]).toMatchObject({ status: 'acknowledged', resolvedAt: null });
      expect(v.status).toBe('in_progress');
      expect(v.events.at(-1).detail).toMatch(/still served although it was reported removed/);
    } finally {
      await closeHttp();
    }
  });

  it('leaves withdrawn requests and unsent submissions alone', async () => {
    const { s, base, server, closeHttp } = await setUp({ '/w': () => 200 });
    try {
      const withdrawn = await file(s, [`${base}/w`]);
      expect(
        (await call(s.app, 'POST', `/api/v1/requests/${withdrawn.reference}/withdraw`, { token: withdrawn.statusToken })).status,
      ).toBeLessThan(300);
      msw.use(mswHttp.post('https://api.shop.test/notices', () => HttpResponse.json({}, { status: 503 })));
      await file(s, [`${base}/w`]); // never sent: the platform answers 503
      s.clock.advance(6 * HOUR);
      await s.periodic.runAll();
      expect(server.requests).toHaveLength(0);
    } finally {
      await closeHttp();
    }
  });
});

describe('seeding the schedule', () => {
  it('schedules every sent URL a batch at a time, also more than a batch changed at one instant', async () => {
    const { s, base, safeHttp, closeHttp } = await setUp({});
    const scheduled = () => s.database.sqlite.prepare('SELECT count(*) FROM url_check_schedule').pluck().get();
    try {
      for (let i = 0; i < 3; i++) await file(s, [`${base}/a${i}`, `${base}/b${i}`]);
      // Three notices settled in one instant, as a bulk filing's are, with batches of two.
      s.database.sqlite.prepare('UPDATE submissions SET updated_at = ?').run(s.clock.now());
      const job = createRecheckJob({
        database: s.database,
        http: safeHttp,
        config: s.config,
        logger: s.logger,
        now: s.clock.now,
        seedBatch: 2,
      });

      // A change younger than SEED_LAG_MS may still have company on its way: not yet.
      await job.run(s.clock.now());
      expect(scheduled()).toBe(0);
      s.clock.advance(SEED_LAG_MS + 1);
      await job.run(s.clock.now());
      expect(scheduled()).toBe(6);

      // Later changes are seeded by the next runs, and nothing is looked at twice to get there.
      s.clock.advance(MIN);
      await file(s, [`${base}/c`]);
      await file(s, [`${base}/d`]);
      await file(s, [`${base}/e`]);
      s.clock.advance(SEED_LAG_MS + 1);
      await job.run(s.clock.now());
      expect(scheduled()).toBe(9);
    } finally {
      await closeHttp();
    }
  });
});

describe('the re-check queries', () => {
  it('read through their indexes, never every case ever sent', () => {
    const s = createTestServices();
    const plan = (sql: string, params: unknown[]) =>
      (s.database.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map((r) => r.detail).join('\n');
    expect(plan(SEED_QUERY, [1, 2, 3, 4])).toMatch(/SEARCH s USING INDEX submissions_updated_idx \(updated_at>\? AND updated_at<\?\)/);
    expect(plan(BATCH_END_QUERY, [1, 2, 3])).toMatch(
      /SEARCH submissions USING COVERING INDEX submissions_updated_idx \(updated_at>\? AND updated_at<\?\)/,
    );
    expect(plan(DUE_QUERY, [1, 2])).toMatch(/SEARCH c USING INDEX url_check_schedule_due_idx \(next_check_at<\?\)/);
  });
});
