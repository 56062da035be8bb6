import { and, asc, desc, eq, lte, or, sql } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import type { FetchLike, Mailer } from '../../platforms/types.js';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import { alerts, requests, type AlertRow } from '../db/schema.js';
import { retryDelay } from '../dispatch/backoff.js';
import type { Logger } from '../logger.js';
import { alertText, type AlertPayload } from './enqueue-alert.js';

export interface AlertDeps {
  db: Db;
  fetch: FetchLike;
  mailer: Mailer;
  logger: Logger;
  config: Pick<
    Config,
    | 'ALERT_WEBHOOK_URL'
    | 'ALERT_WEBHOOK_SECRET'
    | 'ALERT_EMAIL'
    | 'RETRY_BASE_MS'
    | 'RETRY_MAX_MS'
    | 'MAX_ATTEMPTS'
    | 'SEND_TIMEOUT_MS'
    | 'LEASE_MS'
  >;
  random?: () => number;
  /**
   * The time of each claim and send. A pass sends one alert after another, each taking up to
   * SEND_TIMEOUT_MS: the pass's `now` would give later claims leases already run out and sign
   * alerts with a stale timestamp. The pass's `now` when absent.
   */
  clock?: () => number;
}

// An urgent case's alert (the case filed, or an urgent case's clock run out) goes before a backlog
// of ordinary ones, then the oldest first. The due rows come from alerts_due_idx and the request
// by its key; only the due rows are sorted.
const urgentFirst = sql`(${alerts.kind} = 'request.urgent' OR coalesce(${requests.urgent}, 0) = 1)`;

// Delivers queued alerts to the on-call caseworkers: a POST to ALERT_WEBHOOK_URL signed with
// Standard Webhooks under ALERT_WEBHOOK_SECRET (the alert id is the webhook-id, so a receiver
// sees a retry as the same message), and/or an e-mail to ALERT_EMAIL. Each target is recorded
// as it succeeds, so a retry only redoes the one that failed.
export async function deliverDueAlerts(deps: AlertDeps, now: number, signal?: AbortSignal): Promise<number> {
  const { db, config } = deps;
  const clock = deps.clock ?? (() => now);
  const due = selectDueAlerts(db, now)
    .all()
    .map((r) => r.alert);
  const wantsWebhook = Boolean(config.ALERT_WEBHOOK_URL && config.ALERT_WEBHOOK_SECRET);
  const wantsEmail = config.ALERT_EMAIL.length > 0;
  let delivered = 0;
  for (const row of due) {
    if (signal?.aborted) break;
    if (!wantsWebhook && !wantsEmail) {
      db.update(alerts)
        .set({ status: 'skipped', lastError: 'no ALERT_WEBHOOK_URL or ALERT_EMAIL is configured', nextAttemptAt: null })
        .where(and(eq(alerts.id, row.id), eq(alerts.status, row.status)))
        .run();
      continue;
    }
    const claimedAt = clock();
    const claimed = db
      .update(alerts)
      .set({ status: 'sending', leaseExpiresAt: claimedAt + config.LEASE_MS, attempts: sql`${alerts.attempts} + 1` })
      .where(and(eq(alerts.id, row.id), eq(alerts.status, row.status), eq(alerts.attempts, row.attempts)))
      .run().changes;
    if (!claimed) continue;
    const attempts = row.attempts + 1;
    const payload = JSON.parse(row.payload) as AlertPayload;
    const errors: string[] = [];
    let webhookSentAt = row.webhookSentAt;
    let emailSentAt = row.emailSentAt;
    if (wantsWebhook && webhookSentAt === null) {
      try {
        const sentAt = clock();
        await postAlert(deps, row, payload, { now: sentAt, signal });
        webhookSentAt = sentAt;
      } catch (err) {
        errors.push(`webhook: ${(err as Error).message}`);
      }
    }
    if (wantsEmail && emailSentAt === null) {
      try {
        const sentAt = clock();
        await mailAlert(deps, row, payload, signal);
        emailSentAt = sentAt;
      } catch (err) {
        errors.push(`e-mail: ${(err as Error).message}`);
      }
    }
    const settledAt = clock();
    const done = errors.length === 0;
    if (!done && signal?.aborted) {
      // Stopped mid-send: the alert goes back as it was, due at once, and this try is not counted.
      db.update(alerts)
        .set({ status: 'pending', webhookSentAt, emailSentAt, attempts: row.attempts, leaseExpiresAt: null, nextAttemptAt: settledAt })
        .where(eq(alerts.id, row.id))
        .run();
      break;
    }
    const givenUp = !done && attempts >= config.MAX_ATTEMPTS;
    db.update(alerts)
      .set({
        status: done ? 'sent' : givenUp ? 'failed' : 'pending',
        webhookSentAt,
        emailSentAt,
        leaseExpiresAt: null,
        sentAt: done ? settledAt : null,
        lastError: done ? null : errors.join('; '),
        nextAttemptAt:
          done || givenUp
            ? null
            : settledAt + retryDelay({ attempts, baseMs: config.RETRY_BASE_MS, maxMs: config.RETRY_MAX_MS, random: deps.random }),
      })
      .where(eq(alerts.id, row.id))
      .run();
    if (done) delivered++;
    else
      (givenUp ? deps.logger.error : deps.logger.warn).call(
        deps.logger,
        { alertId: row.id, kind: row.kind, errors },
        'alert not delivered',
      );
  }
  return delivered;
}

async function postAlert(
  deps: AlertDeps,
  row: AlertRow,
  payload: AlertPayload,
  options: { now: number; signal?: AbortSignal },
): Promise<void> {
  const { now } = options;
  const body = JSON.stringify({ id: row.id, ...payload });
  const webhookId = `alert_${row.id}`;
  // Signed at the time of sending (not of queueing), so a retry is never refused as stale.
  const signature = new Webhook(deps.config.ALERT_WEBHOOK_SECRET!).sign(webhookId, new Date(now), body);
  const res = await deps.fetch(deps.config.ALERT_WEBHOOK_URL!, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': webhookId,
      'webhook-timestamp': String(Math.floor(now / 1000)),
      'webhook-signature': signature,
    },
    body,
    redirect: 'manual',
    signal: sendSignal(deps, options.signal),
  });
  // Read to the end (both clients cap the size) so the connection goes back to its pool.
  await res.arrayBuffer().catch(() => undefined);
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
}

async function mailAlert(deps: AlertDeps, row: AlertRow, payload: AlertPayload, signal?: AbortSignal): Promise<void> {
  const { subject, text } = alertText(payload);
  const domain = deps.mailer.from.split('@')[1]?.replace(/[>\s].*$/, '') || 'takedown.invalid';
  const escaped = text.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);
  await deps.mailer.send(
    {
      to: deps.config.ALERT_EMAIL,
      subject,
      text,
      html: `<!doctype html><html><body><pre style="font-family:sans-serif;white-space:pre-wrap">${escaped}</pre></body></html>`,
      messageId: `<alert.${row.id}@${domain}>`,
      headers: { 'X-Takedown-Alert': payload.type },
    },
    { signal: sendSignal(deps, signal) },
  );
}

// One send's deadline, cut short when the service stops.
function sendSignal(deps: AlertDeps, stop?: AbortSignal): AbortSignal {
  const deadline = AbortSignal.timeout(deps.config.SEND_TIMEOUT_MS);
  return stop ? AbortSignal.any([deadline, stop]) : deadline;
}

// Exported for the test of its query plan.
export function selectDueAlerts(db: Db, now: number) {
  return db
    .select({ alert: alerts })
    .from(alerts)
    .leftJoin(requests, eq(requests.id, alerts.requestId))
    .where(
      or(
        and(eq(alerts.status, 'pending'), lte(alerts.nextAttemptAt, now)),
        and(eq(alerts.status, 'sending'), lte(alerts.leaseExpiresAt, now)),
      ),
    )
    .orderBy(desc(urgentFirst), asc(alerts.createdAt))
    .limit(50);
}
