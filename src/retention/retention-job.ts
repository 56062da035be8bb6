import type { Config } from '../config.js';
import type { Database_ } from '../db/client.js';
import { IDEMPOTENCY_WINDOW_MS } from '../intake/create-request.js';
import type { PeriodicJob } from '../jobs/periodic.js';
import { closeQuietCases } from './close-quiet-cases.js';
import { forgetOldIdempotencyKeys, purgePersonalData } from './purge-personal-data.js';

const HOUR_MS = 60 * 60 * 1000;

export function retentionJob(options: { database: Database_; config: Pick<Config, 'RETENTION_DAYS' | 'CLOSE_AFTER_DAYS'> }): PeriodicJob {
  const { db, sqlite } = options.database;
  return {
    name: 'retention',
    everyMs: HOUR_MS,
    run(now) {
      closeQuietCases({ db, sqlite, now, closeAfterDays: options.config.CLOSE_AFTER_DAYS });
      purgePersonalData({ db, sqlite, now, retentionDays: options.config.RETENTION_DAYS });
      forgetOldIdempotencyKeys({ sqlite, now, windowMs: IDEMPOTENCY_WINDOW_MS });
    },
  };
}
