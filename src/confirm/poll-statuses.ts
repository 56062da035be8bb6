import { and, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { PlatformRegistry } from '../../platforms/registry.js';
import { classifyThrown } from '../../platforms/send-error.js';
import type { FetchLike, PlatformStatus } from '../../platforms/types.js';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import { requests, submissions } from '../db/schema.js';
import { retryDelay } from '../dispatch/backoff.js';
import type { Logger } from '../logger.js';
import { applyConfirmation, type Confirmation } from './apply-confirmation.js';

export interface PollDeps {
  db: Db;
  registry: PlatformRegistry;
  fetch: FetchLike;
  logger: Logger;
  config: Pick<Config, 'STATUS_POLL_BASE_MS' | 'STATUS_POLL_URGENT_BASE_MS' | 'STATUS_POLL_MAX_MS' | 'SEND_TIMEOUT_MS'>;
  random?: () => number;
}

const BATCH = 100;
const CONCURRENCY = 4;

// Asks platforms that offer it (adapters with checkStatus) where each open notice stands: first
// a base delay after sending (shorter for urgent cases), then at doubling intervals up to a cap,
// until the platform gives a final answer (removed or rejected). Answers land through
// applyConfirmation like a webhook's, so a repeat of what is known writes nothing.
export async function pollStatuses(deps: PollDeps, now: number): Promise<number> {
  const { db, registry, config } = deps;
  const pollable = registry.platforms.filter((p) => p.checkStatus).map((p) => p.id);
  if (pollable.length === 0) return 0;
  const firstCheck = sql`coalesce(${submissions.nextStatusCheckAt}, ${submissions.submittedAt} + (CASE WHEN ${requests.urgent} THEN ${config.STATUS_POLL_URGENT_BASE_MS} ELSE ${config.STATUS_POLL_BASE_MS} END))`;
  const due = db
    .select({
      id: submissions.id,
      platformId: submissions.platformId,
      ticketId: submissions.ticketId,
      statusChecks: submissions.statusChecks,
      nextStatusCheckAt: submissions.nextStatusCheckAt,
      urgent: requests.urgent,
    })
    .from(submissions)
    .innerJoin(requests, eq(requests.id, submissions.requestId))
    .where(
      and(
        inArray(submissions.status, ['submitted', 'acknowledged']),
        isNotNull(submissions.ticketId),
        inArray(submissions.platformId, pollable),
        isNull(requests.withdrawnAt),
        isNull(requests.closedAt),
        sql`${firstCheck} <= ${now}`,
      ),
    )
    .orderBy(sql`${requests.urgent} desc`, firstCheck)
    .limit(BATCH)
    .all();

  let checked = 0;
  const queue = [...due];
  const run = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      if (await checkOne(deps, next, now)) checked++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, run));
  return checked;
}

async function checkOne(
  deps: PollDeps,
  row: { id: string; platformId: string; ticketId: string | null; statusChecks: number; nextStatusCheckAt: number | null; urgent: boolean },
  now: number,
): Promise<boolean> {
  const { db, config } = deps;
  const adapter = deps.registry.get(row.platformId);
  if (!adapter?.checkStatus || !row.ticketId) return false;
  // Claim the check: until it finishes (or its time runs out), no other process asks again.
  const claimed = db
    .update(submissions)
    .set({ nextStatusCheckAt: now + config.SEND_TIMEOUT_MS * 2 })
    .where(
      and(
        eq(submissions.id, row.id),
        row.nextStatusCheckAt === null ? isNull(submissions.nextStatusCheckAt) : eq(submissions.nextStatusCheckAt, row.nextStatusCheckAt),
      ),
    )
    .run().changes;
  if (!claimed) return false;

  const checks = row.statusChecks + 1;
  const base = row.urgent ? config.STATUS_POLL_URGENT_BASE_MS : config.STATUS_POLL_BASE_MS;
  let status: PlatformStatus;
  try {
    status = await adapter.checkStatus(row.ticketId, { fetch: deps.fetch, signal: AbortSignal.timeout(config.SEND_TIMEOUT_MS) });
  } catch (err) {
    const error = classifyThrown(err);
    const delay = retryDelay({
      attempts: checks + 1,
      baseMs: base,
      maxMs: config.STATUS_POLL_MAX_MS,
      retryAfterMs: error.retryAfterMs,
      random: deps.random,
    });
    db.update(submissions)
      .set({ statusChecks: checks, nextStatusCheckAt: now + delay })
      .where(eq(submissions.id, row.id))
      .run();
    deps.logger.warn({ submissionId: row.id, platform: row.platformId, error: error.message }, 'status check failed');
    return false;
  }

  const confirmation = toConfirmation(status);
  db.transaction(
    (tx) => {
      const submission = tx.select().from(submissions).where(eq(submissions.id, row.id)).get();
      if (!submission) return;
      if (confirmation) {
        const applied = applyConfirmation(tx, { submission, confirmation, actor: `platform:${row.platformId}`, now });
        if (applied === 'unknown_url') {
          deps.logger.warn({ submissionId: row.id, platform: row.platformId }, 'status check named links that are not in the notice');
        }
      }
      const delay = retryDelay({ attempts: checks + 1, baseMs: base, maxMs: config.STATUS_POLL_MAX_MS, random: deps.random });
      tx.update(submissions)
        .set({ statusChecks: checks, nextStatusCheckAt: now + delay })
        .where(eq(submissions.id, row.id))
        .run();
    },
    { behavior: 'immediate' },
  );
  return true;
}

function toConfirmation(status: PlatformStatus): Confirmation | null {
  switch (status.kind) {
    case 'pending':
      return null;
    case 'acknowledged':
      return { status: 'acknowledged', detail: status.detail ? `status check: ${status.detail}` : 'status check' };
    case 'removed':
      return { status: 'removed', urls: status.urls, detail: status.detail };
    case 'rejected':
      return { status: 'rejected', reason: status.reason };
  }
}
