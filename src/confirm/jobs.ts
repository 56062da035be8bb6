import { lt } from 'drizzle-orm';
import type { PlatformRegistry } from '../../platforms/registry.js';
import type { FetchLike, Mailer } from '../../platforms/types.js';
import type { Config } from '../config.js';
import type { Database_ } from '../db/client.js';
import { webhookReceipts } from '../db/schema.js';
import type { PeriodicJob } from '../jobs/periodic.js';
import type { Logger } from '../logger.js';
import type { Keyring } from '../privacy/seal.js';
import { deliverDueAlerts } from './deliver-alerts.js';
import { escalateOverdue } from './escalate-overdue.js';
import { pollStatuses } from './poll-statuses.js';
import { sendDueReminders } from './send-reminders.js';

// A webhook older than the signature tolerance (5 min) is refused anyway, so its receipt only has
// to outlive that; a day leaves room for clock skew and investigation.
const WEBHOOK_RECEIPT_TTL_MS = 24 * 60 * 60 * 1000;

// Named, so that a wake-up can run them at once (services.ts).
export const REMINDERS_JOB = 'reminders';
export const ALERTS_JOB = 'alerts';

// The confirmation side's scheduled work, in the order a pass should run it: learn what
// platforms did, then judge the clocks, then deliver what that produced.
export function confirmationJobs(deps: {
  database: Database_;
  registry: PlatformRegistry;
  keyring: Keyring;
  config: Config;
  fetch: FetchLike;
  /** For alerts to the on-call: the SSRF-safe client unless the operator allowed a private network. */
  alertFetch: FetchLike;
  mailer: Mailer;
  logger: Logger;
  random?: () => number;
  /** Read per alert and reminder sent, as a pass sends them one after another. */
  clock: () => number;
}): PeriodicJob[] {
  const { database, registry, config, logger } = deps;
  const db = database.db;
  return [
    {
      name: 'status-poll',
      everyMs: config.STATUS_POLL_EVERY_MS,
      run: (now) => pollStatuses({ db, registry, fetch: deps.fetch, logger, config, random: deps.random }, now),
    },
    {
      name: 'response-clocks',
      everyMs: config.CLOCK_CHECK_MS,
      run: (now) => escalateOverdue({ db, registry, config, now }),
    },
    {
      name: REMINDERS_JOB,
      everyMs: config.OUTBOX_POLL_MS,
      run: (now, signal) =>
        sendDueReminders(
          { db, registry, keyring: deps.keyring, fetch: deps.fetch, logger, config, random: deps.random, clock: deps.clock },
          now,
          signal,
        ),
    },
    {
      name: ALERTS_JOB,
      everyMs: config.OUTBOX_POLL_MS,
      run: (now, signal) =>
        deliverDueAlerts(
          { db, fetch: deps.alertFetch, mailer: deps.mailer, logger, config, random: deps.random, clock: deps.clock },
          now,
          signal,
        ),
    },
    {
      name: 'webhook-receipts-prune',
      everyMs: 60 * 60 * 1000,
      run: (now) =>
        db
          .delete(webhookReceipts)
          .where(lt(webhookReceipts.receivedAt, now - WEBHOOK_RECEIPT_TTL_MS))
          .run().changes,
    },
  ];
}
