import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { api, startMockPlatform, startService, tempDir, waitFor, stoppedAfterAll, writePlatformsFile } from './support/process.js';
import { requestBody } from './support/services.js';

// Starts a POST whose body is only half sent, so the request is in flight on the server until
// `finish` sends the rest.
async function halfSentRequest(base: string, body: unknown) {
  const text = JSON.stringify(body);
  const agent = new Agent({ keepAlive: true });
  const url = new URL('/api/v1/requests', base);
  let resolveResponse!: (r: { status: number; body: string }) => void;
  let rejectResponse!: (e: Error) => void;
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    resolveResponse = resolve;
    rejectResponse = reject;
  });
  const req = httpRequest(
    {
      host: url.hostname,
      port: url.port,
      path: url.pathname,
      method: 'POST',
      agent,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) },
    },
    (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (data += c));
      res.on('end', () => resolveResponse({ status: res.statusCode!, body: data }));
    },
  );
  req.on('error', rejectResponse);
  const half = Math.floor(text.length / 2);
  await new Promise<void>((resolve) => req.write(text.slice(0, half), () => resolve()));
  return {
    async finish() {
      req.end(text.slice(half));
      const r = await response;
      agent.destroy();
      return r;
    },
  };
}

describe('SIGTERM under load', () => {
  const open = stoppedAfterAll();

  it(
    'stops claiming, finishes or releases what is in flight, answers open HTTP requests, and exits 0 within 10 s',
    { timeout: 60_000 },
    async () => {
      const slow = await startMockPlatform({ delayMs: 400 });
      const silent = await startMockPlatform({ delayMs: Infinity });
      open.push(slow, silent);
      const dir = tempDir('sigterm');
      const databasePath = join(dir, 'takedown.db');
      const svc = await startService({
        DATABASE_PATH: databasePath,
        PLATFORMS_FILE: writePlatformsFile(dir, [
          { id: 'slow', url: slow.url },
          { id: 'silent', url: silent.url },
        ]),
        WORKER_POLL_MS: '50',
        SHUTDOWN_GRACE_MS: '3000',
        RATE_LIMIT_PER_MIN: '0',
      });
      open.push(svc);
      for (let i = 0; i < 20; i++) {
        const r = await api(svc.base, 'POST', '/api/v1/requests', {
          body: requestBody([`https://slow.test/${i}`, `https://silent.test/${i}`]),
        });
        expect(r.status).toBe(201);
      }
      await waitFor(() => slow.calls.length >= 4 && silent.calls.length >= 4, {
        timeoutMs: 20_000,
        what: 'sends in flight on both platforms',
      });

      const pending = await halfSentRequest(svc.base, requestBody(['https://slow.test/during-shutdown']));
      // Once a later request on another connection is answered, the server has read the first one.
      expect((await fetch(`${svc.base}/healthz`)).status).toBe(200);

      const signalledAt = Date.now();
      svc.signal('SIGTERM');
      const answer = await pending.finish();
      const { code, signal } = await svc.exited;
      const tookMs = Date.now() - signalledAt;

      expect(answer.status).toBe(201);
      const filedDuringShutdown = JSON.parse(answer.body).reference as string;
      expect({ code, signal }).toEqual({ code: 0, signal: null });
      expect(tookMs).toBeLessThan(10_000);
      // Every connection closed, the checkpoint thread's last: the log was copied into the file
      // and removed.
      expect(existsSync(`${databasePath}-wal`)).toBe(false);

      // Nothing new was claimed once the signal was handled (a send claimed just before may still
      // be on its way to the platform, hence the small margin).
      const handledLine = svc
        .output()
        .split('\n')
        .find((l) => l.includes('"msg":"shutting down"'))!;
      const handledAt = Date.parse(JSON.parse(handledLine).time);
      expect(handledAt).toBeGreaterThanOrEqual(signalledAt - 5);
      expect(slow.calls.filter((c) => c.receivedAt > handledAt + 100)).toEqual([]);
      expect(silent.calls.filter((c) => c.receivedAt > handledAt + 100)).toEqual([]);

      const db = new Database(databasePath, { readonly: true });
      try {
        const leased = db
          .prepare(
            "SELECT count(*) AS n FROM submissions WHERE status = 'sending' OR lease_owner IS NOT NULL OR lease_expires_at IS NOT NULL",
          )
          .get() as { n: number };
        expect(leased.n).toBe(0);
        const statusOf = db.prepare('SELECT status, attempts FROM submissions WHERE notice_id = ?');
        // Sends the platform answered during the grace period are recorded as sent...
        for (const c of slow.calls) expect(statusOf.get(c.noticeId)).toMatchObject({ status: 'submitted' });
        // ...and those it never answered are back in the queue, due at once, for the next start.
        for (const c of silent.calls) expect(statusOf.get(c.noticeId)).toMatchObject({ status: 'queued', attempts: 1 });
        expect(db.prepare('SELECT count(*) AS n FROM requests WHERE reference = ?').get(filedDuringShutdown)).toEqual({ n: 1 });
      } finally {
        db.close();
      }
    },
  );
});
