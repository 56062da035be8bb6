import { loadRegistry, type PlatformRegistry } from '../platforms/registry.js';
import type { FetchLike, Mailer } from '../platforms/types.js';
import type { AppDeps } from './app-deps.js';
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config.js';
import { ALERTS_JOB, confirmationJobs, REMINDERS_JOB } from './confirm/jobs.js';
import { openDatabase } from './db/client.js';
import { createWakeSignal } from './dispatch/wake-signal.js';
import { createWorker, type Worker } from './dispatch/worker.js';
import { createRdapBootstrap } from '../platforms/rdap/bootstrap.js';
import { createAbuseContactCache } from './dispatch/abuse-contact-cache.js';
import { createRecheckJob } from './confirm/recheck-urls.js';
import { createSafeHttp, type SafeHttp } from './http/safe-fetch.js';
import { createPeriodicRunner, type PeriodicJob, type PeriodicRunner } from './jobs/periodic.js';
import { createLogger, type Logger } from './logger.js';
import { createSmtpMailer, createUnconfiguredMailer } from './mail/smtp-mailer.js';
import { loadKeyring } from './privacy/data-key.js';
import { retentionJob } from './retention/retention-job.js';
import { createUrlRouter } from './routing/route-urls.js';

export interface Services extends AppDeps {
  worker: Worker;
  /** Scheduled work beside dispatch (polling, re-checks, clocks, retention); runs where the worker runs. */
  periodic: PeriodicRunner;
  mailer: Mailer;
  close(): void;
}

// Wires the parts together from a config. main.ts calls it with the real clock and undici; tests
// call it with ':memory:', a manual clock and globalThis.fetch.
export function createServices(options: {
  config: Config;
  fetch: FetchLike;
  clock?: Clock;
  logger?: Logger;
  registry?: PlatformRegistry;
  mailer?: Mailer;
  /** The SSRF-safe client for URL re-checks and RDAP look-ups; tests pass one with a fake resolver. */
  safeHttp?: SafeHttp;
  quickRetryDelayMs?: number;
  random?: () => number;
  /** The write lock of another connection in this process (see db/write-lock.ts). */
  writeLock?: SharedArrayBuffer;
  /** A checkpoint thread runs in this process (db/start-checkpoint-thread.ts). */
  backgroundCheckpoints?: boolean;
}): Services {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger({ level: config.LOG_LEVEL });
  const database = openDatabase(config.DATABASE_PATH, {
    writeLock: options.writeLock,
    cacheMb: config.DATABASE_CACHE_MB,
    backgroundCheckpoints: options.backgroundCheckpoints,
  });
  const keyring = loadKeyring({ dataKey: config.DATA_KEY, previousKeys: config.DATA_KEYS_PREVIOUS, databasePath: config.DATABASE_PATH });
  const smtp = options.mailer
    ? undefined
    : config.SMTP_URL
      ? createSmtpMailer({ url: config.SMTP_URL, from: config.MAIL_FROM })
      : undefined;
  const mailer = options.mailer ?? smtp ?? createUnconfiguredMailer(config.MAIL_FROM);
  const ownSafeHttp = options.safeHttp ? undefined : createSafeHttp({ timeoutMs: config.RECHECK_TIMEOUT_MS });
  const safeHttp = options.safeHttp ?? ownSafeHttp!;
  const registry =
    options.registry ??
    loadRegistry({
      platformsFile: config.PLATFORMS_FILE,
      now: () => clock.now(),
      mailer,
      hostLookup: {
        fetch: safeHttp.fetch,
        resolve: safeHttp.resolver,
        bootstrap: createRdapBootstrap({ fetch: safeHttp.fetch, now: () => clock.now() }),
        cache: createAbuseContactCache({ db: database.db, now: () => clock.now() }),
        timeoutMs: config.HOST_LOOKUP_TIMEOUT_MS,
        now: () => clock.now(),
        ttlMs: config.HOST_CONTACT_TTL_MS,
      },
      cloudflare: { accountId: config.CLOUDFLARE_ACCOUNT_ID, apiToken: config.CLOUDFLARE_API_TOKEN },
      hotline: {
        url: config.HOTLINE_URL,
        token: config.HOTLINE_TOKEN,
        email: config.HOTLINE_EMAIL,
        name: config.HOTLINE_NAME,
        language: config.HOTLINE_LANGUAGE,
      },
    });
  const router = createUrlRouter(registry.platforms);
  const wake = createWakeSignal();
  const worker = createWorker({
    database,
    registry,
    keyring,
    clock,
    config,
    fetch: options.fetch,
    logger,
    wake,
    quickRetryDelayMs: options.quickRetryDelayMs,
    random: options.random,
  });
  const jobs: PeriodicJob[] = [
    retentionJob({ database, config, keyring }),
    ...confirmationJobs({
      database,
      registry,
      keyring,
      config,
      fetch: options.fetch,
      alertFetch: config.ALERT_ALLOW_PRIVATE_NETWORK ? options.fetch : safeHttp.fetch,
      mailer,
      logger,
      random: options.random,
      clock: () => clock.now(),
    }),
    createRecheckJob({ database, http: safeHttp, config, logger, now: () => clock.now() }),
  ];
  const periodic = createPeriodicRunner({ clock, logger, jobs });
  // What a wake-up announces is due now, not at the job's next run: an urgent case's on-call alert,
  // a caseworker's reminder. (The worker hears the same signal for the notices themselves.)
  wake.subscribe((reason) => periodic.kick(reason === 'urgent' ? ALERTS_JOB : REMINDERS_JOB));
  return {
    periodic,
    database,
    registry,
    router,
    keyring,
    clock,
    config,
    logger,
    wake,
    worker,
    mailer,
    close() {
      database.close();
      smtp?.close();
      void ownSafeHttp?.close();
    },
  };
}
