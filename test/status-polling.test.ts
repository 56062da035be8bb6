import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { events } from '../src/db/schema.js';
import { useMsw } from './support/msw.js';
import { call, createTestServices, requestBody, type TestServices } from './support/services.js';

const server = useMsw();
const MIN = 60_000;

type StatusAnswer = () => Response;

// A platform with a status endpoint: it takes notices, and answers where ticket P-1 stands.
function polledPlatform(answers: StatusAnswer[]) {
  const asked: number[] = [];
  server.use(
    http.post('https://api.polled.test/notices', () => HttpResponse.json({ ticketId: 'P-1' }, { status: 201 })),
    http.get('https://api.polled.test/notices/:ticket', ({ params, request }) => {
      expect(params.ticket).toBe('P-1');
      expect(request.headers.get('authorization')).toBe('Bearer poll-token');
      asked.push(Date.now());
      const next = answers.shift();
      return next ? next() : HttpResponse.json({ status: 'pending' });
    }),
  );
  return asked;
}

function services() {
  return createTestServices({
    platforms: [
      {
        id: 'polled',
        channel: {
          type: 'http',
          url: 'https://api.polled.test/notices',
          token: 'poll-token',
          statusUrl: 'https://api.polled.test/notices/{ticketId}',
        },
      },
      { id: 'plain' },
    ],
    config: { STATUS_POLL_BASE_MS: 5 * MIN, STATUS_POLL_URGENT_BASE_MS: MIN, STATUS_POLL_MAX_MS: 60 * MIN },
  });
}

async function file(s: TestServices, urls: string[], over: Record<string, unknown> = {}) {
  const res = await call(s.app, 'POST', '/api/v1/requests', { body: requestBody(urls, over) });
  expect(res.status).toBe(201);
  await s.worker.drain();
  return res.json as { reference: string; statusToken: string };
}

const view = async (s: TestServices, c: { reference: string; statusToken: string }) =>
  (await call(s.app, 'GET', `/api/v1/requests/${c.reference}`, { token: c.statusToken })).json;

// Moves the clock minute by minute and runs the scheduled jobs, as the worker would; returns the
// minutes (since the start) at which the platform was asked.
async function runFor(s: TestServices, minutes: number, asked: number[]): Promise<number[]> {
  const start = s.clock.now();
  const at: number[] = [];
  for (let m = 1; m <= minutes; m++) {
    s.clock.advance(MIN);
    const before = asked.length;
    await s.periodic.runAll();
    if (asked.length > before) at.push(Math.round((s.clock.now() - start) / MIN));
  }
  return at;
}

describe('status polling', () => {
  it('asks after the base delay, then backs off while the answer is pending', async () => {
    const asked = polledPlatform([]);
    const s = services();
    await file(s, ['https://polled.test/a']);
    // random() is 0.5 in tests: each wait is 3/4 of its doubling ceiling (5, 10, 20, 40, 60 min).
    expect(await runFor(s, 120, asked)).toEqual([5, 13, 28, 58, 103]);
  });

  it('asks sooner for urgent cases', async () => {
    const asked = polledPlatform([]);
    const s = services();
    await file(s, ['https://polled.test/a'], { urgent: true });
    expect((await runFor(s, 5, asked))[0]).toBe(1);
  });

  it('records acknowledged, then removed, once each, and stops at the final answer', async () => {
    const asked = polledPlatform([
      () => HttpResponse.json({ status: 'acknowledged', detail: 'in review' }),
      () => HttpResponse.json({ status: 'acknowledged' }),
      () => HttpResponse.json({ status: 'removed', urls: ['https://polled.test/a'] }),
      () => HttpResponse.json({ status: 'removed' }),
    ]);
    const s = services();
    const c = await file(s, ['https://polled.test/a', 'https://polled.test/b']);
    await runFor(s, 13, asked);
    let v = await view(s, c);
    expect(asked).toHaveLength(2);
    expect(v.submissions[0].status).toBe('acknowledged');
    expect(v.events.filter((e: any) => e.type === 'acknowledged').map((e: any) => e.detail)).toEqual(['status check: in review']);

    await runFor(s, 15, asked);
    v = await view(s, c);
    expect(v.items.map((i: any) => i.status)).toEqual(['removed', 'reported']);
    expect(v.status).toBe('partially_resolved');

    await runFor(s, 30, asked);
    v = await view(s, c);
    expect(v.submissions[0].status).toBe('removed');
    expect(v.status).toBe('resolved');
    const n = asked.length;
    await runFor(s, 300, asked);
    expect(asked).toHaveLength(n);
    const actors = s.database.db
      .select()
      .from(events)
      .all()
      .filter((e) => ['acknowledged', 'removed'].includes(e.type))
      .map((e) => e.actor);
    expect(actors).toEqual(['platform:polled', 'platform:polled', 'platform:polled']);
  });

  it('records a rejection with its reason', async () => {
    const asked = polledPlatform([() => HttpResponse.json({ status: 'rejected', reason: 'public interest' })]);
    const s = services();
    const c = await file(s, ['https://polled.test/a']);
    await runFor(s, 6, asked);
    const v = await view(s, c);
    expect(v.submissions[0]).toMatchObject({ status: 'rejected', lastError: 'public interest' });
    expect(v.status).toBe('needs_attention');
  });

  it('keeps asking after errors and garbage, honouring Retry-After, without touching the case', async () => {
    const asked = polledPlatform([
      () => new HttpResponse('busy', { status: 503, headers: { 'retry-after': '1800' } }),
      () => new HttpResponse('<html>', { status: 200 }),
      () => HttpResponse.json({ status: 'removed' }),
    ]);
    const s = services();
    const c = await file(s, ['https://polled.test/a']);
    const at = await runFor(s, 120, asked);
    expect(at[0]).toBe(5);
    expect(at[1]).toBeGreaterThanOrEqual(35); // not before the 30 minutes it asked for
    expect(at).toHaveLength(3);
    const v = await view(s, c);
    expect(v.submissions[0].status).toBe('removed');
    expect(v.events.map((e: any) => e.type)).toEqual(['created', 'routed', 'submitted', 'removed']);
  });

  it('does not poll platforms without a status endpoint, or withdrawn cases', async () => {
    const asked = polledPlatform([]);
    server.use(http.post('https://api.plain.test/notices', () => HttpResponse.json({ ticketId: 'X' })));
    const s = services();
    await file(s, ['https://plain.test/a']);
    const c = await file(s, ['https://polled.test/a']);
    await call(s.app, 'POST', `/api/v1/requests/${c.reference}/withdraw`, { token: c.statusToken });
    expect(await runFor(s, 30, asked)).toEqual([]);
  });
});
