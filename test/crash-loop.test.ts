import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { startMockPlatform, startService, stopService, tempDir, writePlatformsFile, type ServiceProcess } from './support/process.js';

const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 30);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// SIGKILL at random moments while requests come in and notices go out, many times over. After every
// restart the database is intact, every 201 is there with all its submissions; at the end every
// notice has arrived, and only notices in flight at a kill went out twice (with the same noticeId).
describe('crash loop', () => {
  it(`survives ${ROUNDS} kills at random moments`, { timeout: 600_000 }, async () => {
    const dir = tempDir('crashloop');
    const platform = await startMockPlatform({ delayMs: 30 });
    const env = {
      DATABASE_PATH: join(dir, 'takedown.db'),
      PLATFORMS_FILE: writePlatformsFile(dir, [{ id: 'loop', url: platform.url }]),
      RATE_LIMIT_PER_MIN: '0',
      RETRY_BASE_MS: '50',
      RETRY_MAX_MS: '200',
      WORKER_POLL_MS: '50',
      LEASE_MS: '1000',
      MAX_ATTEMPTS: '1000',
    };
    const accepted: Array<{ reference: string; statusToken: string }> = [];
    let inFlightAtKills = 0;
    let n = 0;
    let svc: ServiceProcess | undefined;
    try {
      for (let round = 0; round < ROUNDS; round++) {
        svc = await startService(env);
        const db = new Database(join(dir, 'takedown.db'), { readonly: true });
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        const stored = db
          .prepare(
            'SELECT r.reference AS ref, count(s.id) AS subs FROM requests r LEFT JOIN submissions s ON s.request_id = r.id GROUP BY r.id',
          )
          .all() as Array<{ ref: string; subs: number }>;
        const byRef = new Map(stored.map((r) => [r.ref, r.subs]));
        db.close();
        for (const a of accepted) expect(byRef.get(a.reference), `request ${a.reference} lost after kill ${round}`).toBe(1);

        // File requests continuously until a random moment, then kill without warning.
        const killAfter = 100 + Math.floor(Math.random() * 600);
        const started = Date.now();
        const filing = (async () => {
          while (Date.now() - started < killAfter + 200) {
            const i = n++;
            try {
              const r = await fetch(`${svc!.base}/api/v1/requests`, {
                method: 'POST',
                headers: { 'content-type': 'application/json' },
                body: JSON.stringify({
                  category: 'harassment',
                  urls: [`https://loop.test/${i}`],
                  goodFaith: true,
                  explanation: `round ${round}`,
                }),
              });
              if (r.status === 201) accepted.push((await r.json()) as { reference: string; statusToken: string });
            } catch {
              return; // the process is gone: an unanswered request was never promised
            }
          }
        })();
        await sleep(killAfter);
        const killedAt = Date.now();
        svc.signal('SIGKILL');
        await svc.exited;
        inFlightAtKills += platform.calls.filter(
          (c) => c.receivedAt <= killedAt && (!c.respondedAt || c.respondedAt > killedAt - 50),
        ).length;
        await filing;
      }

      svc = await startService(env);
      // Every notice of every answered request must arrive. A request committed just before a kill
      // whose 201 never left exists and is sent too, so the platform may see more than was answered.
      const promised = noticeIdsOf(
        join(dir, 'takedown.db'),
        accepted.map((a) => a.reference),
      );
      expect(promised.size).toBe(accepted.length);
      const seen = () => new Set(platform.calls.map((c) => c.noticeId));
      // The platform runs in this process: a quadratic check here would slow its answers down.
      const missing = () => {
        const arrived = seen();
        return [...promised].filter((id) => !arrived.has(id));
      };
      const deadline = Date.now() + 60_000;
      while (missing().length > 0 && Date.now() < deadline) await sleep(100);
      expect(missing()).toEqual([]);
      expect(platform.calls.every((c) => c.idempotencyKey === c.noticeId)).toBe(true);
      expect(platform.calls.length - seen().size).toBeLessThanOrEqual(inFlightAtKills);
      const db = new Database(join(dir, 'takedown.db'), { readonly: true });
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      db.close();
    } finally {
      if (svc) await stopService(svc);
      await platform.close();
    }
  });
});

function noticeIdsOf(path: string, references: string[]): Set<string> {
  const db = new Database(path, { readonly: true });
  try {
    const rows = db
      .prepare(
        'SELECT s.notice_id AS id FROM submissions s JOIN requests r ON r.id = s.request_id WHERE r.reference IN (SELECT value FROM json_each(?))',
      )
      .all(JSON.stringify(references)) as Array<{ id: string }>;
    return new Set(rows.map((r) => r.id));
  } finally {
    db.close();
  }
}
