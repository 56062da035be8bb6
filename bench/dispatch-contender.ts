import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { pino } from 'pino';
import { better, defineQueue, defineWorker } from 'plainjob';
import { buildDBClient, Runner, SqliteQueue } from 'liteque';
import { testConfig } from '../src/config.js';
import { createOutboundHttp } from '../src/http/outbound-fetch.js';
import { createLogger } from '../src/logger.js';
import { createServices } from '../src/services.js';
import { startCheckpointThread } from '../src/db/start-checkpoint-thread.js';
import { hashSecret } from '../src/privacy/secrets.js';
import { seedRequests } from './lib/seed.js';
import { scratch, writePlatforms } from './lib/setup.js';
import { sleep } from './lib/stats.js';

// One contender of the dispatch benchmark, in a process of its own: `ours`, `plainjob` or
// `liteque` sends N notices to the loopback platform at <url> with <concurrency> in flight, through
// the same undici client, each job on a fresh SQLite file in WAL mode. It reports notices/s from
// the moment its worker starts until the last notice is recorded as done.

const [queue, nArg, concurrencyArg, sinkUrl] = process.argv.slice(2);
const n = Number(nArg);
const concurrency = Number(concurrencyArg);
if (!queue || !sinkUrl || !(n > 0) || !(concurrency > 0))
  throw new Error('usage: dispatch-contender <ours|plainjob|liteque> <n> <concurrency> <url>');

const tmp = scratch(`dispatch-${queue}`);
const outbound = createOutboundHttp();
const silent = { error() {}, warn() {}, info() {}, debug() {} };

function payload(i: number) {
  return {
    noticeId: randomUUID(),
    reference: 'TD-0000-0000',
    category: 'intimate_image',
    urgent: false,
    urls: [`https://alpha.test/p/${i}a`, `https://alpha.test/p/${i}b`],
    explanation:
      'These are intimate images of me shared without my consent. I never agreed to their publication and ask for their removal under DSA art. 16.',
    reporter: null,
    goodFaith: true,
    submittedAt: new Date().toISOString(),
  };
}

let cpuAtStart: NodeJS.CpuUsage | undefined;
/** Marks the start of the measured part: after seeding, before the worker starts. */
function startClock(): number {
  cpuAtStart = process.cpuUsage();
  return performance.now();
}

async function post(body: string): Promise<void> {
  const res = await outbound.fetch(sinkUrl!, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': 'k' },
    body,
  });
  await res.text();
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
}

async function runOurs(): Promise<number> {
  const platformsFile = writePlatforms(tmp.dir, [
    { id: 'alpha', url: sinkUrl! },
    { id: 'beta', url: sinkUrl! },
  ]);
  const services = createServices({
    config: testConfig({
      DATABASE_PATH: join(tmp.dir, 'takedown.db'),
      PLATFORMS_FILE: platformsFile,
      DISPATCH_CONCURRENCY: concurrency,
      PLATFORM_CONCURRENCY: concurrency,
      LOG_LEVEL: 'info',
    }),
    fetch: outbound.fetch,
    // Logs at the default level, written as production writes them, to a sink nobody reads.
    logger: createLogger({ level: 'info', destination: pino.destination({ dest: '/dev/null', sync: true }) }),
    // As `npm start` runs it: the log copied into the file by a thread of its own (main.ts).
    backgroundCheckpoints: true,
  });
  const { sqlite, keyring } = { sqlite: services.database.sqlite, keyring: services.keyring };
  // Started before the seeding, so its start-up is not counted in the measured part.
  const checkpoints = startCheckpointThread({ path: join(tmp.dir, 'takedown.db'), logger: createLogger({ level: 'error' }) });
  seedRequests({
    sqlite,
    keyring,
    count: n / 2,
    platforms: ['alpha', 'beta'],
    shape: 'queued',
    statusTokenHash: hashSecret('bench'),
    from: 0,
    now: Date.now() - 1000,
  });
  // Two index seeks, so that like the others' completion counters it costs next to nothing: a
  // count(*) of the settled rows every 10 ms read a growing part of an index on the worker's own
  // thread, and one `status IN ('queued', 'sending')` test, which no index holds whole since the
  // claim indexes keep queued work only, scanned the table past every notice already sent.
  const unfinished = sqlite
    .prepare(
      `SELECT EXISTS (SELECT 1 FROM submissions WHERE status = 'queued') OR EXISTS (SELECT 1 FROM submissions WHERE status = 'sending')`,
    )
    .pluck();
  // The seeding's log is copied before the clock starts, not by the measured part.
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  const t0 = startClock();
  services.worker.start();
  while (unfinished.get() === 1) await sleep(10);
  const ms = performance.now() - t0;
  await checkpoints.stop();
  const submitted = sqlite.prepare(`SELECT count(*) FROM submissions WHERE status = 'submitted'`).pluck().get();
  if (submitted !== n) throw new Error(`${String(submitted)} of ${n} notices submitted`);
  await services.worker.stop();
  services.close();
  return ms;
}

async function runPlainjob(): Promise<number> {
  const db = new Database(join(tmp.dir, 'plainjob.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const q = defineQueue({ connection: better(db), logger: silent });
  const items = Array.from({ length: n }, (_, i) => payload(i));
  for (let i = 0; i < n; i += 1000) q.addMany('notice', items.slice(i, i + 1000));
  let completed = 0;
  const workers = Array.from({ length: concurrency }, () =>
    defineWorker('notice', (job) => post(job.data), { queue: q, pollIntervall: 100, logger: silent, onCompleted: () => void completed++ }),
  );
  const t0 = startClock();
  const running = workers.map((w) => w.start());
  while (completed < n) await sleep(10);
  const ms = performance.now() - t0;
  await Promise.all(workers.map((w) => w.stop()));
  await Promise.all(running);
  q.close();
  db.close();
  return ms;
}

async function runLiteque(): Promise<number> {
  const db = buildDBClient(join(tmp.dir, 'liteque.db'), { runMigrations: true, walEnabled: true });
  allowAsyncTransactions(db);
  const q = new SqliteQueue<ReturnType<typeof payload>>('notices', db, { defaultJobArgs: { numRetries: 3 }, keepFailedJobs: false });
  for (let i = 0; i < n; i++) await q.enqueue(payload(i));
  let completed = 0;
  const runner = new Runner<ReturnType<typeof payload>>(
    q,
    {
      run: (job) => post(JSON.stringify(job.data)),
      onComplete: async () => void completed++,
    },
    { pollIntervalMs: 100, timeoutSecs: 30, concurrency },
  );
  const t0 = startClock();
  const running = runner.run();
  while (completed < n) await sleep(10);
  const ms = performance.now() - t0;
  runner.stop();
  await running;
  return ms;
}

// liteque 0.8 hands drizzle an async transaction callback. better-sqlite3 up to v10 ran it and
// committed when the callback returned its promise; v11+ refuses it. This gives liteque back the
// behaviour it was written against (BEGIN, run to the first await, COMMIT) on our better-sqlite3.
function allowAsyncTransactions(db: unknown): void {
  const session = (db as { session: { client: Database.Database } }).session;
  const client = session.client;
  const original = client.transaction.bind(client);
  (client as { transaction: unknown }).transaction = (fn: (...args: unknown[]) => unknown) => {
    const run =
      (mode: string) =>
      (...args: unknown[]) => {
        client.exec(`BEGIN ${mode}`);
        try {
          const result = fn(...args);
          client.exec('COMMIT');
          return result;
        } catch (err) {
          if (client.inTransaction) client.exec('ROLLBACK');
          throw err;
        }
      };
    const tx = Object.assign(run('DEFERRED'), { deferred: run('DEFERRED'), immediate: run('IMMEDIATE'), exclusive: run('EXCLUSIVE') });
    return client.inTransaction ? original(fn) : tx;
  };
}

const runners: Record<string, () => Promise<number>> = { ours: runOurs, plainjob: runPlainjob, liteque: runLiteque };
try {
  const ms = await runners[queue]!();
  const used = process.cpuUsage(cpuAtStart);
  // CPU time per notice: less at the mercy of other work on the machine than wall time.
  const cpuUsPerNotice = (used.user + used.system) / n;
  const result = { queue, n, ms, perSecond: (n / ms) * 1000, cpuUsPerNotice };
  if (process.send) process.send({ type: 'result', result });
  else console.log(JSON.stringify(result));
} finally {
  await outbound.close();
  tmp.remove();
}
process.exit(0);
