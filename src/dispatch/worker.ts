import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { PlatformRegistry } from '../../platforms/registry.js';
import type { FetchLike } from '../../platforms/types.js';
import { appendEvent } from '../cases/append-event.js';
import { refreshRequestStatus } from '../cases/derive-request-status.js';
import { noticeInputsFor, readNoticeSources, type NoticeSource } from '../cases/notice-input.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Database_ } from '../db/client.js';
import { createGroupCommit } from '../db/group-commit.js';
import type { Logger } from '../logger.js';
import { MissingKeyError, type Keyring } from '../privacy/seal.js';
import { createSubmissionQueue, type ClaimedSubmission } from './claim-due-submissions.js';
import { failedBeforeSending, sendNotice, type SendResult } from './send-notice.js';
import { releaseInterrupted, settleSubmissions, type AnsweredSend, type SettleOutcome, type Settled } from './settle-submission.js';
import type { WakeSignal } from './wake-signal.js';

// How often a worker looks whether another process committed (cheap: one pragma read).
const COMMIT_WATCH_MS = 50;

export interface WorkerDeps {
  database: Database_;
  registry: PlatformRegistry;
  keyring: Keyring;
  clock: Clock;
  config: Pick<
    Config,
    | 'RETRY_BASE_MS'
    | 'RETRY_MAX_MS'
    | 'MAX_ATTEMPTS'
    | 'WORKER_POLL_MS'
    | 'WORKER_COMMIT_LINGER_MS'
    | 'LEASE_MS'
    | 'SEND_TIMEOUT_MS'
    | 'DISPATCH_CONCURRENCY'
    | 'PLATFORM_CONCURRENCY'
    | 'URGENT_CONCURRENCY'
    | 'URGENT_PLATFORM_CONCURRENCY'
    | 'QUICK_RETRIES'
    | 'SHUTDOWN_GRACE_MS'
  >;
  fetch: FetchLike;
  logger: Logger;
  wake?: WakeSignal;
  /** Delay before the first quick retry; tests set 0. */
  quickRetryDelayMs?: number;
  random?: () => number;
}

interface Claim {
  claimed: ClaimedSubmission;
  urgent: boolean;
  /** Read after the claim; absent if the request is gone, an error if it could not be read. */
  source: NoticeSource | Error | undefined;
  /** Shared by the claim's notices, which open each request's sealed data once. */
  inputs: ReturnType<typeof noticeInputsFor>;
}

interface InFlight {
  claimed: ClaimedSubmission;
  urgent: boolean;
  /** The platform answered (or the send gave up): the slot is free while the outcome is recorded. */
  answered: boolean;
  done: Promise<void>;
}

export interface Worker {
  start(): void;
  /** Stops claiming, lets in-flight sends finish within the grace period, releases the rest. */
  stop(): Promise<void>;
  /** One pass at the current clock: reclaims expired leases, claims what is due, waits for it. */
  runOnce(): Promise<number>;
  /** Passes until nothing more is due at the current clock. */
  drain(): Promise<number>;
  readonly owner: string;
}

export function createWorker(deps: WorkerDeps): Worker {
  const { database, registry, keyring, clock, config, logger } = deps;
  const { db, sqlite } = database;
  const queue = createSubmissionQueue(sqlite);
  // The worker's own group commit, which lingers while there is a backlog: the settles and claims
  // of the same millisecond then share a commit, and the backlog goes out faster. Without one
  // (the last claim took less than it had room for) lingering would only make each write, an
  // urgent claim too, wait for nothing: it commits at the end of its turn. Intake's own group
  // commit, on the same connection when both run on one thread, never waits.
  let backlog = false;
  const commits = createGroupCommit(sqlite, database.writeLock, { lingerMs: () => (backlog ? config.WORKER_COMMIT_LINGER_MS : 0) });
  // A request withdrawn or a case closed wants no further send of its notices.
  const stopped = sqlite
    .prepare<[string], number>('SELECT withdrawn_at IS NOT NULL OR closed_at IS NOT NULL FROM requests WHERE id = ?')
    .pluck();
  const owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const shutdown = new AbortController();
  const inFlight = new Map<string, InFlight>();
  const policy = {
    maxAttempts: config.MAX_ATTEMPTS,
    retryBaseMs: config.RETRY_BASE_MS,
    retryMaxMs: config.RETRY_MAX_MS,
    random: deps.random,
  };
  let running = false;
  let pollTimer: NodeJS.Timeout | undefined;
  let renewTimer: NodeJS.Timeout | undefined;
  let tickQueued = false;
  let lastReclaim = -Infinity;
  let unsubscribe: (() => void) | undefined;
  let commitWatch: NodeJS.Timeout | undefined;

  function roomFor(urgent: boolean): { total: number; byPlatform: Map<string, number>; perPlatform: number } {
    const perPlatform = urgent ? config.URGENT_PLATFORM_CONCURRENCY : config.PLATFORM_CONCURRENCY;
    const byPlatform = new Map<string, number>();
    let used = 0;
    for (const f of inFlight.values()) {
      if (f.urgent !== urgent || f.answered) continue;
      used++;
      byPlatform.set(f.claimed.platformId, (byPlatform.get(f.claimed.platformId) ?? perPlatform) - 1);
    }
    return { total: (urgent ? config.URGENT_CONCURRENCY : config.DISPATCH_CONCURRENCY) - used, byPlatform, perPlatform };
  }

  // In the claim's transaction (see claimDue).
  function reclaimExpired(now: number): void {
    for (const r of queue.reclaimExpired({ now, maxAttempts: config.MAX_ATTEMPTS })) {
      appendEvent(db, {
        requestId: r.requestId,
        submissionId: r.id,
        platformId: r.platformId,
        type: r.status === 'failed' ? 'failed' : 'attempt_failed',
        actor: 'system',
        at: now,
        detail:
          r.status === 'failed'
            ? 'the worker sending this notice stopped before it got an answer, and no attempts are left'
            : r.status === 'withdrawn'
              ? 'the worker sending this notice stopped before it got an answer; not sent again: the request was withdrawn or the case closed'
              : 'the worker sending this notice stopped before it got an answer; it will be sent again with the same notice id',
      });
      refreshRequestStatus(db, r.requestId, now);
      logger.warn({ submissionId: r.id, platform: r.platformId }, 'expired lease reclaimed');
    }
  }

  // Claims as much due work as there is room for, urgent first, and starts sending it. The claim
  // is one more write in the group commit, so the settles of the sends that just finished and
  // the claim that refills their slots share one commit instead of two. One claim at a time: a
  // tick that comes while one is on its way asks for another after it.
  let claiming: Promise<InFlight[]> | undefined;
  let claimAgain = false;

  function claimAndLaunch(): Promise<InFlight[]> {
    claiming = commits
      .run(claimDue)
      .then((batch) => {
        // Read after the claim's commit, not inside it: the write lock, which the web thread's
        // writes wait for, is held no longer than the claim needs.
        let sources: Map<string, NoticeSource> | Error;
        try {
          sources = readNoticeSources(
            db,
            batch.map((c) => c.claimed),
          );
        } catch (err) {
          // The notices are leased to this worker: each goes through a send that fails and is
          // settled for a later attempt, not left leased to nobody.
          sources = err instanceof Error ? err : new Error(String(err));
        }
        const inputs = noticeInputsFor(keyring);
        return batch.map((c) => launch({ ...c, inputs, source: sources instanceof Error ? sources : sources.get(c.claimed.id) }));
      })
      .finally(() => {
        claiming = undefined;
        if (claimAgain && running) {
          claimAgain = false;
          queueTick();
        }
      });
    return claiming;
  }

  // Runs inside the group's transaction, after the settles queued before it, so the room it sees
  // counts the slots they freed.
  function claimDue(): Array<Pick<Claim, 'claimed' | 'urgent'>> {
    const now = clock.now();
    if (now - lastReclaim >= config.WORKER_POLL_MS) {
      lastReclaim = now;
      reclaimExpired(now);
    }
    const batch: Array<Pick<Claim, 'claimed' | 'urgent'>> = [];
    for (const urgent of [true, false]) {
      const room = roomFor(urgent);
      if (room.total <= 0) continue;
      const claimed = queue.claim({
        now,
        owner,
        leaseMs: config.LEASE_MS,
        priority: urgent ? 1 : 0,
        limit: room.total,
        roomByPlatform: room.byPlatform,
        defaultRoom: room.perPlatform,
      });
      for (const c of claimed) batch.push({ claimed: c, urgent });
      // More is probably due than there was room for.
      if (!urgent) backlog = claimed.length === room.total;
    }
    return batch;
  }

  // Settles of sends answered in the same turn are recorded together, in one write of the group
  // commit (settle-submission.ts): the first asks for the write, the others join it until it runs.
  let settling: { sends: AnsweredSend[]; written: Promise<SettleOutcome[]> } | undefined;

  async function settleLater(claimed: ClaimedSubmission, result: SendResult): Promise<Settled> {
    if (!settling) {
      const sends: AnsweredSend[] = [];
      const written = commits.run(() => {
        settling = undefined;
        return settleSubmissions({ db, sends, owner, policy, now: clock.now() });
      });
      settling = { sends, written };
    }
    const { sends, written } = settling;
    const index = sends.push({ claimed, result }) - 1;
    const outcome = (await written)[index]!;
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  }

  function launch({ claimed, urgent, source, inputs }: Claim): InFlight {
    const entry: InFlight = { claimed, urgent, answered: false, done: Promise.resolve() };
    entry.done = (async () => {
      let result: SendResult;
      try {
        result = await send(claimed, source, inputs);
      } catch (err) {
        // A key missing from the keyring is the operator's to fix, for every notice at once: each
        // waits with backoff (within its attempts) instead of failing for good, so putting the
        // key back resumes the backlog. Any other error preparing a notice will not go away.
        const missingKey = err instanceof MissingKeyError;
        if (missingKey)
          logger.error({ err, submissionId: claimed.id }, 'cannot open the request’s sealed data: a key is missing from the keyring');
        result = failedBeforeSending(`could not prepare the notice: ${(err as Error).message}`, { retryable: missingKey });
      }
      // The slot is free for the next claim, which joins this settle's commit.
      entry.answered = true;
      if (running) queueTick();
      if (shutdown.signal.aborted && result.outcome.kind === 'error' && result.outcome.error.reason === 'shutdown') {
        releaseInterrupted({ db, ids: [claimed.id], owner, now: clock.now() });
        return;
      }
      try {
        const settled = await settleLater(claimed, result);
        logger.info({ submissionId: claimed.id, platform: claimed.platformId, settled, sends: result.sends }, 'notice settled');
      } catch (err) {
        // The notice is still 'sending' under this worker's lease. It leaves `inFlight` below, so
        // its lease is no longer renewed; ending it now as well lets the next pass's reclaim send
        // it again soon, with the same noticeId. If that write fails too (the disk that refused
        // the settle), the lease runs out by itself within LEASE_MS.
        logger.error({ err, submissionId: claimed.id }, 'could not record the outcome of a send');
        try {
          database.writeLock.run(() => queue.expireLease({ id: claimed.id, owner, now: clock.now() }));
        } catch (expireErr) {
          logger.warn({ err: expireErr, submissionId: claimed.id }, 'could not end the lease of a send whose outcome was not recorded');
        }
      }
    })().finally(() => {
      inFlight.delete(claimed.id);
      if (running) queueTick();
    });
    inFlight.set(claimed.id, entry);
    return entry;
  }

  async function send(claimed: ClaimedSubmission, source: Claim['source'], inputs: Claim['inputs']): Promise<SendResult> {
    const adapter = registry.get(claimed.platformId);
    if (!adapter) {
      return failedBeforeSending(`platform ${claimed.platformId} is no longer configured`, { retryable: true });
    }
    if (adapter.channel === 'manual') {
      // Manual work is filed by a person; the adapter's submit would answer with a refusal the
      // platform never made. Nothing went out, so the claim's attempt is not counted.
      return { sends: 0, failures: [], outcome: { kind: 'manual', reason: 'this platform’s web form is filed by a person' } };
    }
    if (source instanceof Error) {
      return failedBeforeSending(`could not read the request: ${source.message}`, { retryable: true });
    }
    if (!source) throw new Error('request missing');
    const { request, urls } = source;
    const notice = adapter.buildNotice(inputs({ request, submission: claimed, urls }));
    return sendNotice({
      adapter,
      notice,
      noticeId: claimed.noticeId,
      fetch: deps.fetch,
      timeoutMs: config.SEND_TIMEOUT_MS,
      // Never more sends in one claim than attempts are left.
      quickRetries: Math.max(0, Math.min(config.QUICK_RETRIES, config.MAX_ATTEMPTS - claimed.attempts)),
      quickRetryDelayMs: deps.quickRetryDelayMs ?? 250,
      signal: shutdown.signal,
      // A request withdrawn, or a case closed, while its notice is in flight gets no further send.
      stillWanted: () => stopped.get(claimed.requestId) !== 1,
    });
  }

  function queueTick(): void {
    if (tickQueued) return;
    tickQueued = true;
    setImmediate(() => {
      tickQueued = false;
      tick();
    });
  }

  function tick(): void {
    if (!running) return;
    if (claiming) claimAgain = true;
    else claimAndLaunch().catch((err: unknown) => logger.error({ err }, 'claim failed'));
    clearTimeout(pollTimer);
    pollTimer = setTimeout(tick, config.WORKER_POLL_MS);
  }

  async function runOnce(): Promise<number> {
    while (claiming) await claiming.catch(() => undefined);
    const launched = await claimAndLaunch();
    await Promise.all(launched.map((l) => l.done));
    return launched.length;
  }

  return {
    owner,
    start() {
      if (running) return;
      running = true;
      unsubscribe = deps.wake?.subscribe(queueTick);
      // The wake signal only reaches a worker in the web process. A worker on its own
      // (MODE=worker) notices another process's commit through SQLite's data_version, which
      // changes only when another connection wrote: new (urgent) work is claimed at once, not at
      // the next poll.
      const dataVersion = sqlite.prepare('PRAGMA data_version').pluck();
      let seenVersion = dataVersion.get();
      commitWatch = setInterval(() => {
        try {
          const version = dataVersion.get();
          if (version !== seenVersion) {
            seenVersion = version;
            queueTick();
          }
        } catch (err) {
          logger.error({ err }, 'watching for new work failed');
        }
      }, COMMIT_WATCH_MS);
      commitWatch.unref();
      renewTimer = setInterval(
        () => {
          try {
            if (inFlight.size > 0) {
              const ids = [...inFlight.keys()];
              database.writeLock.run(() => queue.renewLeases({ ids, owner, now: clock.now(), leaseMs: config.LEASE_MS }));
            }
          } catch (err) {
            logger.error({ err }, 'lease renewal failed');
          }
        },
        Math.max(100, Math.floor(config.LEASE_MS / 3)),
      );
      queueTick();
    },
    async stop() {
      running = false;
      unsubscribe?.();
      clearInterval(commitWatch);
      clearTimeout(pollTimer);
      // Leases stay renewed while sends in flight finish, so no other worker takes them over meanwhile.
      try {
        // What a claim on its way brings is in flight too.
        await claiming?.catch(() => undefined);
        const pending = [...inFlight.values()].map((f) => f.done);
        if (pending.length === 0) return;
        const grace = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), config.SHUTDOWN_GRACE_MS).unref());
        const finished = await Promise.race([Promise.all(pending).then(() => 'done' as const), grace]);
        if (finished === 'timeout') {
          logger.warn({ inFlight: inFlight.size }, 'shutdown: interrupting sends still in flight');
          shutdown.abort();
          await Promise.all([...inFlight.values()].map((f) => f.done));
        }
      } finally {
        clearInterval(renewTimer);
      }
    },
    runOnce,
    async drain() {
      let total = 0;
      for (;;) {
        const n = await runOnce();
        if (n === 0) return total;
        total += n;
      }
    },
  };
}
