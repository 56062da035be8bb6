import { loadRegistry, type PlatformRegistry } from '../platforms/registry.js';
import type { FetchLike } from '../platforms/types.js';
import type { AppDeps } from './app-deps.js';
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config.js';
import { openDatabase } from './db/client.js';
import { createWakeSignal } from './dispatch/wake-signal.js';
import { createWorker, type Worker } from './dispatch/worker.js';
import { createLogger, type Logger } from './logger.js';
import { loadKeyring } from './privacy/data-key.js';
import { createUrlRouter } from './routing/route-urls.js';

export interface Services extends AppDeps {
  worker: Worker;
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
  quickRetryDelayMs?: number;
  random?: () => number;
}): Services {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger({ level: config.LOG_LEVEL });
  const database = openDatabase(config.DATABASE_PATH);
  const keyring = loadKeyring({ dataKey: config.DATA_KEY, databasePath: config.DATABASE_PATH });
  const registry = options.registry ?? loadRegistry({ platformsFile: config.PLATFORMS_FILE, now: () => clock.now() });
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
  return { database, registry, router, keyring, clock, config, logger, wake, worker, close: () => database.close() };
}
