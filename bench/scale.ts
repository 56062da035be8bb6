import autocannon from 'autocannon';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../src/db/client.js';
import { createSubmissionQueue, DUE_QUERY } from '../src/dispatch/claim-due-submissions.js';
import { hashSecret } from '../src/privacy/secrets.js';
import { startService } from './lib/processes.js';
import type { BenchReport } from './lib/results.js';
import { seededReference } from './lib/seed.js';
import { benchDataKey, seedFile } from './lib/seed-file.js';
import { scratch, serviceEnv, writePlatforms } from './lib/setup.js';
import { fmt, median, percentile } from './lib/stats.js';

// Bar 4 (and the second half of bar 6): the same database grown to 10k, 100k and, with
// BENCH_SCALE_1M=1, 1M requests (each: 3 links, 2 submitted notices, 5 events). At each size:
// cold start of `npm start` to /healthz, status look-ups of random cases over HTTP (p99), one
// claim transaction of 32 due notices out of a standing backlog of 1,000 (p50/p99 of 200), the
// plans SQLite chose, and bytes on disk per request.

const TOKEN = 'bench-status-token';
const QUEUED_REQUESTS = 500;

interface Level {
  requests: number;
  seedSeconds: number;
  startupMs: number;
  startupSamplesMs: number[];
  lookupRps: number;
  lookupP50Ms: number;
  lookupP99Ms: number;
  lookupErrors: number;
  claimP50Ms: number;
  claimP99Ms: number;
  bytesPerRequest: number;
  dbMb: number;
}

export async function runScale(options: { levels: number[]; lookupSeconds: number }): Promise<BenchReport> {
  const tmp = scratch('scale');
  const dataKey = benchDataKey();
  const platformsFile = writePlatforms(tmp.dir, [
    { id: 'alpha', url: 'http://127.0.0.1:9/notices' },
    { id: 'beta', url: 'http://127.0.0.1:9/notices' },
  ]);
  const tokenHash = hashSecret(TOKEN);
  const levels: Level[] = [];
  let plans: Record<string, string[]> = {};
  try {
    // The standing backlog the claim is measured against, seeded first (sequence 0..499).
    seedFile({
      dir: tmp.dir,
      dataKey,
      count: QUEUED_REQUESTS,
      platforms: ['alpha', 'beta'],
      shape: 'queued',
      statusTokenHash: tokenHash,
      from: 0,
    });
    let have = QUEUED_REQUESTS;
    for (const target of options.levels) {
      const seeded = seedFile({
        dir: tmp.dir,
        dataKey,
        count: target - have,
        platforms: ['alpha', 'beta'],
        shape: 'settled',
        statusTokenHash: tokenHash,
        from: have,
      });
      have = target;
      console.log(`  ${fmt(target, 0)} requests (seeded in ${fmt(seeded.ms / 1000, 1)} s)`);
      const dbFile = join(tmp.dir, 'takedown.db');
      const dbBytes = statSync(dbFile).size;
      const start = () =>
        startService({
          env: serviceEnv(tmp.dir, platformsFile, { DATA_KEY: dataKey, MODE: 'web' }),
          command: ['npm', 'start', '--silent'],
        });
      // Three cold starts, the figure is their median: one start is at the mercy of one hiccup.
      const startups: number[] = [];
      for (let i = 0; i < 2; i++) {
        const s = await start();
        startups.push(s.startupMs);
        await s.stop();
      }
      const service = await start();
      startups.push(service.startupMs);
      try {
        const lookup = await lookups(service.url, target, options.lookupSeconds);
        const claim = claimTimings(dbFile);
        plans = claim.plans;
        const level: Level = {
          requests: target,
          seedSeconds: seeded.ms / 1000,
          startupMs: median(startups),
          startupSamplesMs: startups.map((ms) => Math.round(ms)),
          lookupRps: lookup.requests.average,
          lookupP50Ms: lookup.latency.p50,
          lookupP99Ms: lookup.latency.p99,
          lookupErrors: lookup.errors + lookup.non2xx + lookup.timeouts,
          claimP50Ms: claim.p50,
          claimP99Ms: claim.p99,
          bytesPerRequest: dbBytes / target,
          dbMb: dbBytes / 2 ** 20,
        };
        console.log(
          `    start ${fmt(level.startupMs, 0)} ms (${level.startupSamplesMs.join(', ')}); look-up ${fmt(level.lookupRps, 0)}/s p99 ${level.lookupP99Ms} ms; claim p50 ${fmt(level.claimP50Ms, 2)} p99 ${fmt(level.claimP99Ms, 2)} ms; ${fmt(level.bytesPerRequest, 0)} B/request`,
        );
        levels.push(level);
      } finally {
        await service.stop();
      }
    }
  } finally {
    tmp.remove();
  }
  const first = levels[0]!;
  const last = levels.at(-1)!;
  const lookupGrowth = last.lookupP99Ms / first.lookupP99Ms;
  const claimGrowth = last.claimP99Ms / first.claimP99Ms;
  const span = `${fmt(first.requests, 0)} → ${fmt(last.requests, 0)}`;
  return {
    name: 'scale',
    bars: [
      {
        bench: 'scale',
        bar: `status look-up p99 ≤ 2× (${span})`,
        measured: `${fmt(lookupGrowth, 2)} × (${first.lookupP99Ms} → ${last.lookupP99Ms} ms)`,
        met: lookupGrowth <= 2 && last.lookupErrors === 0,
      },
      {
        bench: 'scale',
        bar: `one claim transaction p99 ≤ 2× (${span})`,
        measured: `${fmt(claimGrowth, 2)} × (${fmt(first.claimP99Ms, 2)} → ${fmt(last.claimP99Ms, 2)} ms)`,
        met: claimGrowth <= 2,
      },
      ...levels.map((l) => ({
        bench: 'startup',
        bar: `cold start to /healthz ≤ 1 s, ${fmt(l.requests, 0)} requests`,
        measured: `${fmt(l.startupMs, 0)} ms (median of ${l.startupSamplesMs.join(', ')})`,
        met: l.startupMs <= 1000,
      })),
    ],
    figures: { levels, plans },
  };
}

async function lookups(url: string, requests: number, seconds: number): Promise<autocannon.Result> {
  return autocannon({
    url,
    connections: 10,
    duration: seconds,
    headers: { authorization: `Bearer ${TOKEN}` },
    requests: [
      {
        // A different case each time, anywhere in the database, so the page cache does not flatter us.
        setupRequest: (req) => ({ ...req, path: `/api/v1/requests/${seededReference(Math.floor(Math.random() * requests))}` }),
      },
    ],
  });
}

function claimTimings(dbFile: string): { p50: number; p99: number; plans: Record<string, string[]> } {
  const database = openDatabase(dbFile);
  try {
    const { sqlite } = database;
    const queue = createSubmissionQueue(sqlite);
    const release = sqlite.prepare(
      `UPDATE submissions SET status = 'queued', lease_owner = NULL, lease_expires_at = NULL, attempts = 0 WHERE id IN (SELECT value FROM json_each(?))`,
    );
    const times: number[] = [];
    for (let i = 0; i < 220; i++) {
      const t = performance.now();
      const claimed = queue.claim({
        now: Date.now(),
        owner: 'bench',
        leaseMs: 60_000,
        priority: 0,
        limit: 32,
        roomByPlatform: new Map(),
        defaultRoom: 32,
      });
      const dt = performance.now() - t;
      if (claimed.length !== 32) throw new Error(`claimed ${claimed.length} of 32`);
      release.run(JSON.stringify(claimed.map((c) => c.id)));
      if (i >= 20) times.push(dt); // the first ones warm the cache
    }
    const plan = (sql: string, ...params: unknown[]) =>
      (sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map((r) => r.detail);
    return {
      p50: median(times),
      p99: percentile(times, 99),
      plans: {
        claim: plan(DUE_QUERY, 0, Date.now(), 128),
        lookupRequest: plan(`SELECT * FROM requests WHERE reference = ?`, 'TD-0000-0000'),
        lookupSubmissions: plan(`SELECT * FROM submissions WHERE request_id = ? ORDER BY created_at, id`, 'x'),
        lookupItems: plan(`SELECT * FROM items WHERE request_id = ? ORDER BY position`, 'x'),
        lookupEvents: plan(`SELECT * FROM events WHERE request_id = ? ORDER BY id`, 'x'),
      },
    };
  } finally {
    database.close();
  }
}
