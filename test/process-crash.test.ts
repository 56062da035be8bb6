import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  api,
  startMockPlatform,
  startService,
  tempDir,
  waitFor,
  stoppedAfterAll,
  writePlatformsFile,
  type MockPlatform,
} from './support/process.js';
import { requestBody } from './support/services.js';

// kill -9 in the middle of intake and dispatch, then a restart on the same file: every request
// that got a 201 is there with all its submissions, every notice arrives, and the only notices
// sent twice are ones that were in flight at the kill, with the same noticeId.
describe('crash safety (SIGKILL mid-dispatch)', () => {
  const open = stoppedAfterAll();

  it('loses nothing and re-sends only what was in flight', { timeout: 60_000 }, async () => {
    const N = 60;
    const slow = await startMockPlatform({ delayMs: 150 });
    const quick = await startMockPlatform({ delayMs: 5 });
    open.push(slow, quick);
    const dir = tempDir('crash');
    const env = {
      DATABASE_PATH: join(dir, 'takedown.db'),
      PLATFORMS_FILE: writePlatformsFile(dir, [
        { id: 'slow', url: slow.url },
        { id: 'quick', url: quick.url },
      ]),
      RETRY_BASE_MS: '200',
      RETRY_MAX_MS: '1000',
      WORKER_POLL_MS: '50',
      LEASE_MS: '2000',
      RATE_LIMIT_PER_MIN: '0',
    };
    const accepted: Array<{ reference: string; statusToken: string }> = [];
    const file = async (base: string, i: number) => {
      const r = await api(base, 'POST', '/api/v1/requests', {
        body: requestBody([`https://slow.test/p/${i}`, `https://quick.test/p/${i}`]),
      });
      if (r.status === 201) accepted.push(r.json);
      return r.status;
    };

    let svc = await startService(env);
    open.push(svc);
    // Filing goes on, four at a time, while the process is killed under it.
    let next = 0;
    let killed = false;
    const filers = Array.from({ length: 4 }, async () => {
      while (!killed && next < N) {
        const i = next++;
        const status = await file(svc.base, i).catch(() => 0);
        if (status !== 201) break;
      }
    });
    await waitFor(() => slow.calls.length >= 6, { timeoutMs: 20_000, what: 'the first slow notices' });
    svc.signal('SIGKILL');
    const killedAt = Date.now();
    killed = true;
    expect((await svc.exited).signal).toBe('SIGKILL');
    await Promise.all(filers);
    // In flight at the kill: what the file says was being sent (leased, its answer not recorded).
    const db = new Database(env.DATABASE_PATH);
    const inFlight = new Set(
      (db.prepare("SELECT notice_id FROM submissions WHERE status = 'sending'").all() as Array<{ notice_id: string }>).map(
        (r) => r.notice_id,
      ),
    );
    db.close();
    const receivedBeforeKill = new Set([...slow.calls, ...quick.calls].filter((c) => c.receivedAt <= killedAt).map((c) => c.noticeId));
    // The kill caught sends on their way: some notices reached a platform and their answer was lost.
    expect([...inFlight].filter((id) => receivedBeforeKill.has(id)).length).toBeGreaterThan(0);
    const acceptedBeforeKill = accepted.length;
    expect(acceptedBeforeKill).toBeGreaterThan(0);

    svc = await startService(env);
    open.push(svc);
    for (let i = acceptedBeforeKill; i < N; i++) expect(await file(svc.base, 1000 + i)).toBe(201);
    expect(accepted.length).toBe(N);

    const references = (m: MockPlatform) => new Set(m.calls.map((c) => c.reference));
    await waitFor(() => accepted.every((a) => references(slow).has(a.reference) && references(quick).has(a.reference)), {
      timeoutMs: 30_000,
      what: 'every accepted request’s notices to reach both platforms',
    });
    for (const a of accepted) {
      await waitFor(
        async () => {
          const v = await api(svc.base, 'GET', `/api/v1/requests/${a.reference}`, { token: a.statusToken });
          expect(v.status).toBe(200);
          expect(v.json.submissions.map((s: any) => s.platform).sort()).toEqual(['quick', 'slow']);
          return v.json.submissions.every((s: any) => s.status === 'submitted');
        },
        { timeoutMs: 15_000, what: `${a.reference} to be fully submitted` },
      );
    }

    for (const m of [slow, quick]) {
      expect(m.calls.every((c) => c.idempotencyKey === c.noticeId)).toBe(true);
      // One notice per request and platform: a re-send reuses the noticeId.
      const idsByReference = new Map<string, Set<string>>();
      for (const c of m.calls) idsByReference.set(c.reference, (idsByReference.get(c.reference) ?? new Set()).add(c.noticeId));
      expect([...idsByReference.values()].every((ids) => ids.size === 1)).toBe(true);
      const counts = new Map<string, number>();
      for (const c of m.calls) counts.set(c.noticeId, (counts.get(c.noticeId) ?? 0) + 1);
      for (const [noticeId, n] of counts) {
        if (n > 1) expect({ noticeId, n, inFlight: inFlight.has(noticeId) }).toEqual({ noticeId, n: 2, inFlight: true });
      }
    }
  });
});
