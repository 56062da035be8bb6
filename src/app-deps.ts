import type { PlatformRegistry } from '../platforms/registry.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Database_ } from './db/client.js';
import type { WakeSignal } from './dispatch/wake-signal.js';
import type { Logger } from './logger.js';
import type { Keyring } from './privacy/seal.js';
import type { UrlRouter } from './routing/route-urls.js';

// Everything the web side needs, built once in main.ts (or per test) and handed down.
export interface AppDeps {
  database: Database_;
  registry: PlatformRegistry;
  router: UrlRouter;
  keyring: Keyring;
  clock: Clock;
  config: Config;
  logger: Logger;
  wake: WakeSignal;
}
