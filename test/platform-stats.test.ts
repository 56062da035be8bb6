import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { createAccount } from '../src/accounts/api-keys.js';
import { useMsw } from './support/msw.js';
import { call, createTestServices, requestBody } from './support/services.js';

const server = useMsw();
const MIN = 60_000;
const HOUR = 60 * MIN;

// Ten notices to alpha, acknowledged after 1..10 minutes; four removed after 2, 4, 6 and 8 hours;
// one refused. One notice to beta, acknowledged after 30 minutes; one to gamma that never went out.
async function history() {
  server.use(
    http.post('https://api.alpha.test/notices', () => HttpResponse.json({ ticketId: 'A' }, { status: 201 })),
    http.post('https://api.beta.test/notices', () => HttpResponse.json({ ticketId: 'B' }, { status: 201 })),
    http.post('https://api.gamma.test/notices', () => new HttpResponse(null, { status: 503 })),
  );
  const s = createTestServices({ platforms: [{ id: 'alpha', name: 'Alpha Social' }, { id: 'beta' }, { id: 'gamma' }] });
  const caseworker = createAccount(s.database.db, { role: 'caseworker', name: 'Casey', now: s.clock.now() }).apiKey;
  const alpha: Array<{ reference: string; id: string }> = [];
  for (let i = 0; i < 10; i++) {
    const res = await call(s.app, 'POST', '/api/v1/requests', { body: requestBody([`https://alpha.test/${i}`]) });
    alpha.push({ reference: res.json.reference, id: res.json.submissions[0].id });
  }
  const beta = (await call(s.app, 'POST', '/api/v1/requests', { body: requestBody(['https://beta.test/1']) })).json;
  await call(s.app, 'POST', '/api/v1/requests', { body: requestBody(['https://gamma.test/1']) });
  await s.worker.drain();
  const start = s.clock.now();
  const outcome = (n: number, body: unknown) =>
    call(s.app, 'POST', `/api/v1/requests/${alpha[n]!.reference}/submissions/${alpha[n]!.id}/outcome`, { token: caseworker, body });
  for (let i = 0; i < 10; i++) {
    s.clock.set(start + (i + 1) * MIN);
    expect((await outcome(i, { outcome: 'acknowledged' })).status).toBe(200);
  }
  for (const [n, hours] of [
    [0, 2],
    [1, 4],
    [2, 6],
    [3, 8],
  ] as const) {
    s.clock.set(start + hours * HOUR);
    expect((await outcome(n, { outcome: 'removed' })).status).toBe(200);
  }
  expect((await outcome(9, { outcome: 'rejected', note: 'no' })).status).toBe(200);
  s.clock.set(start + 30 * MIN);
  const betaAck = await call(s.app, 'POST', `/api/v1/requests/${beta.reference}/submissions/${beta.submissions[0].id}/outcome`, {
    token: caseworker,
    body: { outcome: 'acknowledged' },
  });
  expect(betaAck.status).toBe(200);
  return { s, caseworker, start };
}

describe('per-platform figures', () => {
  it('GET /api/v1/stats/platforms gives medians, 90th percentiles and shares from what happened', async () => {
    const { s, caseworker } = await history();
    const res = await call(s.app, 'GET', '/api/v1/stats/platforms', { token: caseworker });
    expect(res.status).toBe(200);
    expect(res.json.platforms).toEqual([
      {
        platform: 'alpha',
        name: 'Alpha Social',
        notices: 10,
        acknowledged: 10,
        removed: 4,
        rejected: 1,
        open: 5,
        shareRemoved: 0.4,
        shareRejected: 0.1,
        timeToAcknowledgement: { count: 10, medianMs: 5 * MIN, p90Ms: 9 * MIN },
        timeToRemoval: { count: 4, medianMs: 4 * HOUR, p90Ms: 8 * HOUR },
      },
      {
        platform: 'beta',
        name: 'beta',
        notices: 1,
        acknowledged: 1,
        removed: 0,
        rejected: 0,
        open: 1,
        shareRemoved: 0,
        shareRejected: 0,
        timeToAcknowledgement: { count: 1, medianMs: 30 * MIN, p90Ms: 30 * MIN },
        timeToRemoval: { count: 0, medianMs: null, p90Ms: null },
      },
    ]);
  });

  it('limits the figures to notices sent since a time', async () => {
    const { s, caseworker, start } = await history();
    const later = new Date(start + MIN).toISOString();
    const res = await call(s.app, 'GET', `/api/v1/stats/platforms?since=${encodeURIComponent(later)}`, { token: caseworker });
    expect(res.status).toBe(200);
    expect(res.json.platforms).toEqual([]);
    const bad = await call(s.app, 'GET', '/api/v1/stats/platforms?since=yesterday', { token: caseworker });
    expect(bad.status).toBe(400);
  });

  it('is for caseworkers only', async () => {
    const { s } = await history();
    const organisation = createAccount(s.database.db, { role: 'organisation', name: 'Club', now: s.clock.now() }).apiKey;
    expect((await call(s.app, 'GET', '/api/v1/stats/platforms')).status).toBe(401);
    expect((await call(s.app, 'GET', '/api/v1/stats/platforms', { token: organisation })).status).toBe(403);
  });

  it('exports the same figures in /metrics', async () => {
    const { s } = await history();
    const res = await call(s.app, 'GET', '/metrics');
    expect(res.status).toBe(200);
    const lines = res.text.split('\n');
    for (const line of [
      'takedown_platform_time_to_acknowledgement_seconds{platform="alpha",quantile="0.5"} 300',
      'takedown_platform_time_to_acknowledgement_seconds{platform="alpha",quantile="0.9"} 540',
      'takedown_platform_time_to_removal_seconds{platform="alpha",quantile="0.5"} 14400',
      'takedown_platform_time_to_removal_seconds{platform="alpha",quantile="0.9"} 28800',
      'takedown_platform_removed_ratio{platform="alpha"} 0.4',
      'takedown_platform_rejected_ratio{platform="alpha"} 0.1',
      'takedown_platform_notices{platform="beta"} 1',
    ]) {
      expect(lines).toContain(line);
    }
    expect(res.text).not.toContain('platform="gamma"');
  });
});
