import { eq } from 'drizzle-orm';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { createAccount } from '../src/accounts/api-keys.js';
import { countByStatus } from '../src/api/routes/metrics.js';
import { requests } from '../src/db/schema.js';
import { call, createTestServices, fileRequest, type TestServices } from './support/services.js';
import { useMsw } from './support/msw.js';

const server = useMsw();

function key(s: TestServices, role: 'caseworker' | 'organisation', name = role as string) {
  return createAccount(s.database.db, { role, name, now: s.clock.now() }).apiKey;
}

async function list(s: TestServices, token: string | undefined, query = '') {
  return call(s.app, 'GET', `/api/v1/requests${query}`, { token });
}

// Two requests filed and sent (one urgent, one with a manual notice), then a third still queued.
async function filedAndPartlySent(): Promise<TestServices> {
  server.use(http.post('https://api.alpha.test/notices', () => HttpResponse.json({})));
  const s = createTestServices({ platforms: [{ id: 'alpha' }, { id: 'beta', channel: { type: 'manual' } }] });
  await fileRequest(s, ['https://alpha.test/1', 'https://beta.test/1']);
  await fileRequest(s, ['https://alpha.test/2'], { over: { urgent: true } });
  await s.worker.runOnce();
  await fileRequest(s, ['https://alpha.test/3']);
  return s;
}

describe('GET /api/v1/requests', () => {
  it('shows a caseworker every case, urgent first, then oldest first', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }, { id: 'beta' }] });
    const caseworker = key(s, 'caseworker');
    const org = key(s, 'organisation');
    const a = await fileRequest(s, ['https://alpha.test/1']);
    s.clock.advance(1_000);
    const b = await fileRequest(s, ['https://beta.test/1'], { token: org });
    s.clock.advance(1_000);
    const c = await fileRequest(s, ['https://alpha.test/2'], { over: { category: 'sextortion' } });
    const res = await list(s, caseworker);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.json.items.map((i: any) => i.reference)).toEqual([c.reference, a.reference, b.reference]);
    expect(res.json.items[0]).toMatchObject({
      category: 'sextortion',
      urgent: true,
      overdue: false,
      status: 'open',
      createdAt: '2026-01-05T09:00:02.000Z',
      submissions: [{ platform: 'alpha', channel: 'http', status: 'queued' }],
    });
    expect(res.json.nextCursor).toBeNull();
    // No token or contact detail leaks into the list.
    expect(res.text).not.toContain(a.statusToken);
    expect(res.text).not.toContain('person@example.org');
  });

  it('shows an organisation only its own cases', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }] });
    const orgA = key(s, 'organisation', 'A');
    const orgB = key(s, 'organisation', 'B');
    const mine = await fileRequest(s, ['https://alpha.test/1'], { token: orgA });
    await fileRequest(s, ['https://alpha.test/2'], { token: orgB });
    await fileRequest(s, ['https://alpha.test/3']);
    const res = await list(s, orgA);
    expect(res.status).toBe(200);
    expect(res.json.items.map((i: any) => i.reference)).toEqual([mine.reference]);
  });

  it('refuses anonymous callers, status tokens and unknown keys with 401', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }] });
    const c = await fileRequest(s, ['https://alpha.test/1']);
    for (const token of [undefined, c.statusToken, `tdk_0123456789abcdef_${'x'.repeat(43)}`]) {
      const res = await list(s, token);
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(res.text).not.toContain(c.reference);
    }
  });

  it('filters by status, urgency, platform and overdue', async () => {
    server.use(http.post('https://api.beta.test/notices', () => new HttpResponse('no', { status: 400 })));
    const s = createTestServices({ platforms: [{ id: 'alpha' }, { id: 'beta' }] });
    const caseworker = key(s, 'caseworker');
    const plain = await fileRequest(s, ['https://alpha.test/1']);
    s.clock.advance(1_000);
    const urgent = await fileRequest(s, ['https://alpha.test/2'], { over: { urgent: true } });
    s.clock.advance(1_000);
    const rejected = await fileRequest(s, ['https://beta.test/3']);
    s.clock.advance(1_000);
    const late = await fileRequest(s, ['https://alpha.test/4']);
    // Only beta answers; alpha's work stays queued for this test.
    s.database.sqlite.prepare("UPDATE submissions SET next_attempt_at = NULL WHERE platform_id = 'alpha'").run();
    await s.worker.drain();
    s.database.db.update(requests).set({ overdue: true }).where(eq(requests.reference, late.reference)).run();

    const refs = async (query: string) => {
      const res = await list(s, caseworker, query);
      expect(res.status).toBe(200);
      return res.json.items.map((i: any) => i.reference);
    };
    expect(await refs('?status=needs_attention')).toEqual([rejected.reference]);
    expect(await refs('?status=open')).toEqual([urgent.reference, late.reference, plain.reference]);
    expect(await refs('?urgent=true')).toEqual([urgent.reference]);
    expect(await refs('?urgent=false')).toEqual([late.reference, plain.reference, rejected.reference]);
    expect(await refs('?platform=beta')).toEqual([rejected.reference]);
    expect(await refs('?overdue=true')).toEqual([late.reference]);
    expect(await refs('?urgent=false&overdue=false&platform=alpha')).toEqual([plain.reference]);
  });

  it('refuses filters it does not know how to read with field errors', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }] });
    const caseworker = key(s, 'caseworker');
    const res = await list(s, caseworker, '?status=lost&urgent=maybe&limit=201&cursor=nonsense');
    expect(res.status).toBe(400);
    expect(res.json.errors.map((e: any) => e.path)).toEqual(['/status', '/urgent', '/limit', '/cursor']);
  });

  it('pages through every case once with the cursor, in the queue’s order', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }] });
    const caseworker = key(s, 'caseworker');
    const filed: Array<{ reference: string; urgent: boolean }> = [];
    for (let i = 0; i < 11; i++) {
      // Several cases share a creation time, so the id breaks ties.
      if (i % 3 === 0) s.clock.advance(1_000);
      filed.push(await fileRequest(s, [`https://alpha.test/${i}`], { over: { urgent: i % 4 === 0 } }));
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await list(s, caseworker, `?limit=4${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.json.items.length).toBeLessThanOrEqual(4);
      seen.push(...res.json.items.map((i: any) => i.reference));
      cursor = res.json.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(11);
    const all = (await list(s, caseworker, '?limit=200')).json.items.map((i: any) => i.reference);
    expect(seen).toEqual(all);
    const urgentRefs = filed.filter((f) => f.urgent).map((f) => f.reference);
    expect(new Set(seen.slice(0, urgentRefs.length))).toEqual(new Set(urgentRefs));
  });
});

describe('GET /api/v1/platforms, /healthz and /metrics', () => {
  it('lists the registry publicly', async () => {
    const s = createTestServices({
      platforms: [
        { id: 'alpha', name: 'Alpha', domains: ['alpha.test', 'alpha-cdn.test'] },
        { id: 'beta', name: 'Beta', channel: { type: 'manual', formUrl: 'https://beta.test/report' } },
      ],
    });
    const res = await call(s.app, 'GET', '/api/v1/platforms');
    expect(res.status).toBe(200);
    expect(res.json).toEqual([
      expect.objectContaining({ id: 'alpha', name: 'Alpha', channel: 'http', domains: ['alpha.test', 'alpha-cdn.test'] }),
      expect.objectContaining({ id: 'beta', name: 'Beta', channel: 'manual', domains: ['beta.test'] }),
    ]);
    // Channel secrets stay inside.
    expect(res.text).not.toContain('api.alpha.test');
  });

  it('answers /healthz with ok once the database answers, and 503 when it does not', async () => {
    const s = createTestServices();
    const ok = await call(s.app, 'GET', '/healthz');
    expect(ok.status).toBe(200);
    expect(ok.json).toEqual({ status: 'ok' });
    s.database.close();
    const down = await call(s.app, 'GET', '/healthz');
    expect(down.status).toBe(503);
    expect(down.headers.get('content-type')).toBe('application/problem+json');
  });

  it('counts submissions and requests by status in Prometheus text', async () => {
    const s = await filedAndPartlySent();
    const res = await call(s.app, 'GET', '/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(res.text).toContain('takedown_submissions{status="submitted",channel="http"} 2');
    expect(res.text).toContain('takedown_submissions{status="queued",channel="http"} 1');
    expect(res.text).toContain('takedown_submissions{status="manual_pending",channel="manual"} 1');
    expect(res.text).toContain('takedown_requests{status="in_progress",urgent="true"} 1');
    expect(res.text).toContain('takedown_requests{status="open",urgent="false"} 1');
  });

  it('counts for /metrics in slices of the table, letting the event loop turn, and reuses a count for 15 s', async () => {
    const s = await filedAndPartlySent();
    await fileRequest(s, ['https://beta.test/3']);
    let turned = false;
    setImmediate(() => (turned = true));
    const sliced = await countByStatus(s.database.sqlite, { table: 'submissions', label: 'channel', sliceRows: 2 });
    expect(turned).toBe(true);
    const whole = s.database.sqlite.prepare('SELECT status, channel AS label, count(*) AS n FROM submissions GROUP BY 1, 2').all();
    const order = (rows: any[]) => [...rows].sort((a, b) => `${a.status}${a.label}`.localeCompare(`${b.status}${b.label}`));
    expect(order(sliced)).toEqual(order(whole));

    const queued = async () =>
      (await call(s.app, 'GET', '/metrics')).text.match(/takedown_submissions\{status="queued",channel="http"\} (\d+)/)?.[1];
    expect(await queued()).toBe('1');
    await fileRequest(s, ['https://alpha.test/4']);
    s.clock.advance(14_999);
    expect(await queued()).toBe('1');
    s.clock.advance(1);
    expect(await queued()).toBe('2');
  });

  it('answers unknown paths with a problem+json 404', async () => {
    const s = createTestServices();
    const res = await call(s.app, 'GET', '/api/v1/nothing');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });
});
