import { pruneSessions } from '../accounts/sessions.js';
import type { Config } from '../config.js';
import type { Database_ } from '../db/client.js';
import { IDEMPOTENCY_WINDOW_MS } from '../intake/create-request.js';
import type { PeriodicJob } from '../jobs/periodic.js';
import type { Keyring } from '../privacy/seal.js';
import { closeQuietCases } from './close-quiet-cases.js';
import { forgetOldIdempotencyKeys, purgePersonalData } from './purge-personal-data.js';

const HOUR_MS = 60 * 60 * 1000;

export interface RetentionRun {
  closed: number;
  purged: number;
  idempotencyKeysForgotten: number;
  sessionsPruned: number;
}

// Everything kept only for a while, on one clock: the hourly job and `npm run cli -- retention:run`.
export function retentionJob(options: {
  database: Database_;
  keyring: Keyring;
  config: Pick<Config, 'RETENTION_DAYS' | 'CLOSE_AFTER_DAYS' | 'SESSION_IDLE_MINUTES' | 'SESSION_MAX_HOURS'>;
}): PeriodicJob & { run(now: number): RetentionRun } {
  const { db, sqlite } = options.database;
  const { config } = options;
  return {
    name: 'retention',
    everyMs: HOUR_MS,
    run(now) {
      return {
        closed: closeQuietCases({ db, sqlite, now, closeAfterDays: config.CLOSE_AFTER_DAYS }),
        purged: purgePersonalData({ db, sqlite, keyring: options.keyring, now, retentionDays: config.RETENTION_DAYS }),
        idempotencyKeysForgotten: forgetOldIdempotencyKeys({ sqlite, now, windowMs: IDEMPOTENCY_WINDOW_MS }),
        // Ended, expired and idle sessions: their rows say who was signed in when, so they go too.
        sessionsPruned: pruneSessions(db, {
          now,
          policy: { idleMs: config.SESSION_IDLE_MINUTES * 60_000, maxMs: config.SESSION_MAX_HOURS * 3_600_000 },
        }),
      };
    },
  };
}
