import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { closeCase } from '../src/cases/actions/close-case.js';
import { createWorker } from '../src/dispatch/worker.js';
import { createLogger } from '../src/logger.js';
import { call, createTestServices, fileRequest, type TestServices } from './support/services.js';
import { useMsw } from './support/msw.js';

const server = useMsw();

interface Call {
  noticeId: string;
  idempotencyKey?: string | null;
  urgent: boolean;
  reference: string;
}

// A platform endpoint whose answers the test releases by hand, so "in flight" is a state the
// test controls instead of a race against a timer.
function heldPlatform(id: string, answer: (n: number) => Response = () => HttpResponse.json({ ticketId: 'ok' })) {
  const calls: Call[] = [];
  const waiting: Array<() => void> = [];
  let holding = true;
  server.use(
    http.post(`https://api.${id}.test/notices`, async ({ request }) => {
      const body = (await request.json()) as any;
      calls.push({
        noticeId: body.noticeId,
        idempotencyKey: request.headers.get('idempotency-key'),
        urgent: body.urgent,
        reference: body.reference,
      });
      const n = calls.length;
      if (holding) await new Promise<void>((release) => waiting.push(release));
      return answer(n);
    }),
  );
  return {
    calls,
    get held() {
      return waiting.length;
    },
    releaseAll() {
      holding = false;
      for (const r of waiting.splice(0)) r();
    },
  };
}

function secondWorker(s: TestServices) {
  return createWorker({
    database: s.database,
    registry: s.registry,
    keyring: s.keyring,
    clock: s.clock,
    config: s.config,
    fetch: (...args) => globalThis.fetch(...args),
    logger: s.logger,
    quickRetryDelayMs: 0,
    random: () => 0.5,
  });
}

// Polls until the assertion holds: the tests wait on events, never on a fixed time.
const until = (assertion: () => void) => vi.waitFor(assertion, { timeout: 10_000, interval: 5 });

async function view(s: TestServices, c: { reference: string; statusToken: string }) {
  return (await call(s.app, 'GET', `/api/v1/requests/${c.reference}`, { token: c.statusToken })).json;
}

describe('urgent work', () => {
  it('is claimed before older ordinary work in the same pass', async () => {
    const s = createTestServices({
      platforms: [{ id: 'alpha' }],
      config: { DISPATCH_CONCURRENCY: 1, URGENT_CONCURRENCY: 1 },
    });
    const sent: Call[] = [];
    server.use(
      http.post('https://api.alpha.test/notices', async ({ request }) => {
        const body = (await request.json()) as any;
        sent.push({ noticeId: body.noticeId, urgent: body.urgent, reference: body.reference });
        return HttpResponse.json({});
      }),
    );
    const ordinary = [];
    for (let i = 0; i < 20; i++) {
      ordinary.push(await fileRequest(s, [`https://alpha.test/o/${i}`]));
      s.clock.advance(1_000);
    }
    const urgent = await fileRequest(s, ['https://alpha.test/u'], { over: { category: 'sextortion' } });
    await s.worker.runOnce();
    expect(sent.map((x) => x.reference).sort()).toEqual([urgent.reference, ordinary[0]!.reference].sort());
  });

  it('goes out while every ordinary slot is busy with a backlog', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }], config: { DISPATCH_CONCURRENCY: 2, PLATFORM_CONCURRENCY: 2 } });
    const alpha = heldPlatform('alpha');
    for (let i = 0; i < 10; i++) await fileRequest(s, [`https://alpha.test/o/${i}`]);
    const backlog = s.worker.runOnce();
    await until(() => expect(alpha.held).toBe(2));

    const urgent = await fileRequest(s, ['https://alpha.test/u'], { over: { minorInvolved: true } });
    const pass = s.worker.runOnce();
    await until(() => expect(alpha.calls.filter((c) => c.urgent)).toHaveLength(1));
    expect(alpha.calls).toHaveLength(3);
    alpha.releaseAll();
    await Promise.all([backlog, pass]);
    expect((await view(s, urgent)).submissions[0].status).toBe('submitted');
  });

  it('wakes a running worker at once, without waiting for its next poll', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }], config: { WORKER_POLL_MS: 60 * 60 * 1000 } });
    const sent: string[] = [];
    server.use(
      http.post('https://api.alpha.test/notices', async ({ request }) => {
        sent.push(((await request.json()) as any).reference);
        return HttpResponse.json({});
      }),
    );
    s.worker.start();
    // Let the first (empty) pass run; from here on only a wake-up or an hour brings the next.
    await new Promise((r) => setImmediate(r));
    const urgent = await fileRequest(s, ['https://alpha.test/u'], { over: { urgent: true } });
    await until(() => expect(sent).toEqual([urgent.reference]));
  });
});

describe("the worker's commits", () => {
  it('wait for others to join only while there is a backlog: a worker keeping up writes at once', async () => {
    // Long enough that a loaded machine running one send and its settle stays well under half of it.
    const lingerMs = 1_000;
    const s = createTestServices({ platforms: [{ id: 'alpha' }], config: { DISPATCH_CONCURRENCY: 2, WORKER_COMMIT_LINGER_MS: lingerMs } });
    server.use(http.post('https://api.alpha.test/notices', () => HttpResponse.json({})));
    // Nothing waiting beyond what one claim takes: the claim and the settle commit in their turn.
    const single = await fileRequest(s, ['https://alpha.test/one']);
    let t0 = performance.now();
    await s.worker.runOnce();
    expect(performance.now() - t0).toBeLessThan(lingerMs / 2);
    expect((await view(s, single)).submissions[0].status).toBe('submitted');

    // Three due for two slots: the claim took all it had room for, so the settles that follow wait
    // for company before they commit.
    for (let i = 0; i < 3; i++) await fileRequest(s, [`https://alpha.test/backlog-${i}`]);
    t0 = performance.now();
    await s.worker.runOnce();
    expect(performance.now() - t0).toBeGreaterThanOrEqual(lingerMs - 5);
    await s.worker.drain();
    const statuses = s.database.sqlite.prepare("SELECT count(*) AS n FROM submissions WHERE status = 'submitted'").get();
    expect(statuses).toEqual({ n: 4 });
  });
});

describe('concurrency', () => {
  it('claims no more than the per-platform and overall room, with separate room for urgent work', async () => {
    const s = createTestServices({
      platforms: [{ id: 'alpha' }, { id: 'beta' }],
      config: { DISPATCH_CONCURRENCY: 3, PLATFORM_CONCURRENCY: 2, URGENT_CONCURRENCY: 2, URGENT_PLATFORM_CONCURRENCY: 1 },
    });
    const alpha = heldPlatform('alpha');
    const beta = heldPlatform('beta');
    for (let i = 0; i < 5; i++) {
      await fileRequest(s, [`https://alpha.test/${i}`]);
      await fileRequest(s, [`https://beta.test/${i}`]);
      s.clock.advance(1_000);
    }
    const passes = [s.worker.runOnce()];
    await until(() => expect(alpha.held + beta.held).toBe(3));
    // Oldest first, but alpha has room for 2 only, so beta's oldest takes the third slot.
    expect([alpha.held, beta.held]).toEqual([2, 1]);
    passes.push(s.worker.runOnce());
    expect(alpha.held + beta.held).toBe(3);

    for (let i = 0; i < 3; i++) await fileRequest(s, [`https://alpha.test/u${i}`], { over: { urgent: true } });
    await fileRequest(s, ['https://beta.test/u'], { over: { urgent: true } });
    passes.push(s.worker.runOnce());
    await until(() => expect(alpha.held + beta.held).toBe(5));
    expect(alpha.calls.filter((c) => c.urgent)).toHaveLength(1);
    expect(beta.calls.filter((c) => c.urgent)).toHaveLength(1);

    alpha.releaseAll();
    beta.releaseAll();
    await Promise.all(passes);
    await s.worker.drain();
    expect(alpha.calls).toHaveLength(8);
    expect(beta.calls).toHaveLength(6);
  });

  it('stays within the bounds while a running worker keeps refilling its slots', async () => {
    const limits = { DISPATCH_CONCURRENCY: 3, PLATFORM_CONCURRENCY: 2, URGENT_CONCURRENCY: 2, URGENT_PLATFORM_CONCURRENCY: 1 };
    const s = createTestServices({
      platforms: [{ id: 'alpha' }, { id: 'beta' }, { id: 'gamma' }],
      config: { ...limits, WORKER_POLL_MS: 5 },
    });
    const active = new Map<string, number>();
    const peak = new Map<string, number>();
    const bump = (key: string, by: number) => {
      const n = (active.get(key) ?? 0) + by;
      active.set(key, n);
      peak.set(key, Math.max(peak.get(key) ?? 0, n));
    };
    let done = 0;
    for (const id of ['alpha', 'beta', 'gamma']) {
      server.use(
        http.post(`https://api.${id}.test/notices`, async ({ request }) => {
          const kind = ((await request.json()) as any).urgent ? 'urgent' : 'ordinary';
          bump(kind, 1);
          bump(`${kind}:${id}`, 1);
          // A platform that takes a moment to answer, so sends overlap.
          await new Promise((r) => setTimeout(r, 5 + Math.random() * 10));
          bump(kind, -1);
          bump(`${kind}:${id}`, -1);
          done++;
          return HttpResponse.json({});
        }),
      );
    }
    for (let i = 0; i < 8; i++) {
      for (const id of ['alpha', 'beta', 'gamma']) {
        await fileRequest(s, [`https://${id}.test/${i}`], { over: { urgent: i % 2 === 0 } });
      }
    }
    s.worker.start();
    await until(() => expect(done).toBe(24));

    expect(peak.get('ordinary')).toBeLessThanOrEqual(3);
    expect(peak.get('urgent')).toBeLessThanOrEqual(2);
    for (const id of ['alpha', 'beta', 'gamma']) {
      expect(peak.get(`ordinary:${id}`)).toBeLessThanOrEqual(2);
      expect(peak.get(`urgent:${id}`)).toBeLessThanOrEqual(1);
    }
    // The last answers may still be on their way into the database.
    const unsettled = () =>
      (s.database.sqlite.prepare("SELECT count(*) AS n FROM submissions WHERE status != 'submitted'").get() as { n: number }).n;
    await until(() => expect(unsettled()).toBe(0));
  });
});

describe('withdrawing while a notice is in flight', () => {
  it('lets the send finish but never retries it', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }], config: { QUICK_RETRIES: 2 } });
    const alpha = heldPlatform('alpha', () => new HttpResponse('busy', { status: 503 }));
    const c = await fileRequest(s, ['https://alpha.test/1']);
    const pass = s.worker.runOnce();
    await until(() => expect(alpha.held).toBe(1));

    const res = await call(s.app, 'POST', `/api/v1/requests/${c.reference}/withdraw`, { token: c.statusToken });
    expect(res.status).toBe(200);
    alpha.releaseAll();
    await pass;
    s.clock.advance(24 * 60 * 60 * 1000);
    await s.worker.drain();

    expect(alpha.calls).toHaveLength(1);
    const v = await view(s, c);
    expect(v.status).toBe('withdrawn');
    expect(v.submissions[0]).toMatchObject({ status: 'withdrawn', attempts: 1, nextAttemptAt: null });
  });

  it('keeps a notice the platform accepted after the withdrawal as sent', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }] });
    const alpha = heldPlatform('alpha', () => HttpResponse.json({ ticketId: 'kept' }));
    const c = await fileRequest(s, ['https://alpha.test/1']);
    const pass = s.worker.runOnce();
    await until(() => expect(alpha.held).toBe(1));
    await call(s.app, 'POST', `/api/v1/requests/${c.reference}/withdraw`, { token: c.statusToken });
    alpha.releaseAll();
    await pass;
    const v = await view(s, c);
    expect(v.status).toBe('withdrawn');
    expect(v.submissions[0]).toMatchObject({ status: 'submitted', ticketId: 'kept' });
  });

  it('does not send again a withdrawn notice whose worker died mid-send', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }] });
    const alpha = heldPlatform('alpha');
    const c = await fileRequest(s, ['https://alpha.test/1']);
    const dying = s.worker.runOnce();
    await until(() => expect(alpha.held).toBe(1));
    await call(s.app, 'POST', `/api/v1/requests/${c.reference}/withdraw`, { token: c.statusToken });
    s.clock.advance(s.config.LEASE_MS);
    await secondWorker(s).drain();
    expect(alpha.calls).toHaveLength(1);
    expect((await view(s, c)).submissions[0].status).toBe('withdrawn');
    alpha.releaseAll();
    await dying;
  });
});

describe('closing a case while a notice is in flight', () => {
  const close = (s: TestServices) => {
    const { id } = s.database.sqlite.prepare('SELECT id FROM requests').get() as { id: string };
    expect(closeCase(s.database.db, { requestId: id, reason: 'handled elsewhere', actor: 'account:cw', now: s.clock.now() })).toBe('done');
  };

  it('never sends again a notice whose send failed after the case was closed', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }], config: { QUICK_RETRIES: 2 } });
    const alpha = heldPlatform('alpha', (n) =>
      n === 1 ? new HttpResponse('busy', { status: 503 }) : HttpResponse.json({ ticketId: 'late' }),
    );
    const c = await fileRequest(s, ['https://alpha.test/1']);
    const pass = s.worker.runOnce();
    await until(() => expect(alpha.held).toBe(1));
    close(s);
    alpha.releaseAll();
    await pass;
    s.clock.advance(24 * 60 * 60 * 1000);
    await s.worker.drain();

    expect(alpha.calls).toHaveLength(1);
    const v = await view(s, c);
    expect(v.status).toBe('closed');
    // What closeCase makes of the notices still queued.
    expect(v.submissions[0]).toMatchObject({ status: 'withdrawn', attempts: 1, nextAttemptAt: null });
    expect(v.events.at(-1)).toMatchObject({ type: 'attempt_failed', detail: expect.stringContaining('not retried: the case was closed') });
  });

  it('does not send again a notice of a case closed while its worker died mid-send', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }] });
    const alpha = heldPlatform('alpha');
    const c = await fileRequest(s, ['https://alpha.test/1']);
    const dying = s.worker.runOnce();
    await until(() => expect(alpha.held).toBe(1));
    close(s);
    s.clock.advance(s.config.LEASE_MS);
    await secondWorker(s).drain();
    expect(alpha.calls).toHaveLength(1);
    expect((await view(s, c)).submissions[0].status).toBe('withdrawn');
    alpha.releaseAll();
    await dying;
  });
});

describe('leases', () => {
  it('lets another worker take over a notice whose lease ran out, with the same noticeId', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }], config: { LEASE_MS: 20_000 } });
    const alpha = heldPlatform('alpha', (n) => HttpResponse.json({ ticketId: `T${n}` }));
    const c = await fileRequest(s, ['https://alpha.test/1']);
    // Worker A claims and then hangs (as if its process froze or died).
    const a = s.worker.runOnce();
    await until(() => expect(alpha.held).toBe(1));
    const b = secondWorker(s);

    s.clock.advance(19_999);
    expect(await b.runOnce()).toBe(0);
    expect(alpha.calls).toHaveLength(1);

    // Expired leases are looked for once per poll interval.
    s.clock.advance(s.config.WORKER_POLL_MS);
    const bPass = b.runOnce();
    await until(() => expect(alpha.calls).toHaveLength(2));
    expect(alpha.calls[1]!.noticeId).toBe(alpha.calls[0]!.noticeId);
    alpha.releaseAll();
    await Promise.all([a, bPass]);

    const v = await view(s, c);
    expect(v.submissions[0]).toMatchObject({ status: 'submitted', attempts: 2 });
    // B's answer counts; A's late answer changes nothing.
    expect(v.submissions[0].ticketId).toBe('T2');
    expect(v.events.filter((e: any) => e.type === 'submitted')).toHaveLength(1);
    expect(v.events.find((e: any) => e.type === 'attempt_failed').detail).toContain('same notice id');
  });

  it('sends again, under the same noticeId, a notice whose settle failed while another send stays in flight', async () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'error', destination: { write: (line: string) => void lines.push(line) } });
    const s = createTestServices({
      platforms: [{ id: 'alpha' }, { id: 'beta' }],
      config: { LEASE_MS: 1_000, WORKER_POLL_MS: 50 },
      logger,
    });
    // Beta never answers during the test: the worker stays busy, so it keeps renewing leases.
    const beta = heldPlatform('beta');
    const alpha = heldPlatform('alpha', (n) => HttpResponse.json({ ticketId: `T${n}` }));
    alpha.releaseAll();
    await fileRequest(s, ['https://beta.test/1']);
    const c = await fileRequest(s, ['https://alpha.test/1']);
    // The first settle of alpha's notice cannot be written (as on an I/O error or a full disk).
    s.database.sqlite.exec(
      `CREATE TRIGGER settle_fails BEFORE UPDATE OF status ON submissions
       WHEN OLD.platform_id = 'alpha' AND NEW.status = 'submitted'
       BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`,
    );
    s.worker.start();
    await until(() => expect(lines.some((l) => l.includes('could not record the outcome of a send'))).toBe(true));
    s.database.sqlite.exec('DROP TRIGGER settle_fails');
    expect(beta.held).toBe(1);

    // The clock runs no faster than real time, so renewals of the leases in flight keep pace.
    await vi.waitFor(
      () => {
        s.clock.advance(5);
        expect(alpha.calls).toHaveLength(2);
      },
      { timeout: 3_000, interval: 5 },
    );
    expect(alpha.calls[1]!.idempotencyKey).toBe(alpha.calls[0]!.idempotencyKey);
    expect(alpha.calls[1]!.noticeId).toBe(alpha.calls[0]!.noticeId);
    await until(async () => expect((await view(s, c)).submissions[0]).toMatchObject({ status: 'submitted', ticketId: 'T2' }));
    expect(beta.held).toBe(1);
    beta.releaseAll();
  });

  it('fails a notice whose lease ran out on its last attempt', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }], config: { MAX_ATTEMPTS: 1 } });
    const alpha = heldPlatform('alpha');
    const c = await fileRequest(s, ['https://alpha.test/1']);
    const a = s.worker.runOnce();
    await until(() => expect(alpha.held).toBe(1));
    s.clock.advance(s.config.LEASE_MS);
    await secondWorker(s).drain();
    expect(alpha.calls).toHaveLength(1);
    const v = await view(s, c);
    expect(v.status).toBe('needs_attention');
    expect(v.submissions[0].status).toBe('failed');
    alpha.releaseAll();
    await a;
    expect((await view(s, c)).submissions[0].status).toBe('failed');
  });
});
