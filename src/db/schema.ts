import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

// Times are stored as integer milliseconds since the epoch: cheap to compare in the claim query
// and free of time-zone parsing. Views turn them into ISO-8601.

export const requests = sqliteTable(
  'requests',
  {
    id: text('id').primaryKey(),
    reference: text('reference').notNull(),
    statusTokenHash: text('status_token_hash').notNull(),
    category: text('category').notNull(),
    urgent: integer('urgent', { mode: 'boolean' }).notNull(),
    minorInvolved: integer('minor_involved', { mode: 'boolean' }).notNull(),
    locale: text('locale').notNull(),
    reporterRole: text('reporter_role'),
    // Name, e-mail and phone, sealed together (see privacy/seal.ts); null for an anonymous report.
    reporterSealed: text('reporter_sealed'),
    explanationSealed: text('explanation_sealed'),
    goodFaith: integer('good_faith', { mode: 'boolean' }).notNull(),
    accountId: text('account_id'),
    // A cache of cases/derive-request-status.ts, recomputed in the same transaction as every change
    // that can move it, so lists can filter on it without reading every submission.
    status: text('status').notNull(),
    // Set by the response clocks when a platform stays silent past its deadline.
    overdue: integer('overdue', { mode: 'boolean' }).notNull().default(false),
    // Why this case was flagged for a caseworker's review (e.g. a burst from one address); null if not.
    reviewReason: text('review_reason'),
    withdrawnAt: integer('withdrawn_at'),
    closedAt: integer('closed_at'),
    personalDataPurgedAt: integer('personal_data_purged_at'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('requests_reference_uq').on(t.reference),
    index('requests_account_idx').on(t.accountId, t.createdAt),
    // The work queue's order: urgent, then overdue, then oldest.
    index('requests_queue_idx').on(sql`${t.urgent} desc`, sql`${t.overdue} desc`, t.createdAt, t.id),
    index('requests_status_idx').on(t.status, t.createdAt),
    // Serves the retention job: closed cases whose personal data is still there.
    index('requests_retention_idx')
      .on(t.closedAt)
      .where(sql`personal_data_purged_at IS NULL`),
    // The dashboard's work queue (cases/work-queue.ts): the queue order among cases that still need
    // someone, and within one status or one category, so no filter sorts the whole table.
    index('requests_active_queue_idx')
      .on(sql`${t.urgent} desc`, sql`${t.overdue} desc`, t.createdAt, t.id)
      .where(sql`status IN ('open', 'in_progress', 'partially_resolved', 'needs_attention')`),
    index('requests_status_queue_idx').on(t.status, sql`${t.urgent} desc`, sql`${t.overdue} desc`, t.createdAt, t.id),
    index('requests_category_queue_idx').on(t.category, sql`${t.urgent} desc`, sql`${t.overdue} desc`, t.createdAt, t.id),
  ],
);

export const submissions = sqliteTable(
  'submissions',
  {
    id: text('id').primaryKey(),
    requestId: text('request_id')
      .notNull()
      .references(() => requests.id),
    platformId: text('platform_id').notNull(),
    channel: text('channel').notNull(),
    // Sent as the Idempotency-Key with every attempt: the platform's way to see a retry as one notice.
    noticeId: text('notice_id').notNull(),
    // 1 for urgent work, 0 otherwise: the claim query takes all due priority-1 work first.
    priority: integer('priority').notNull(),
    status: text('status').notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at'),
    leaseOwner: text('lease_owner'),
    leaseExpiresAt: integer('lease_expires_at'),
    ticketId: text('ticket_id'),
    lastError: text('last_error'),
    submittedAt: integer('submitted_at'),
    acknowledgedAt: integer('acknowledged_at'),
    resolvedAt: integer('resolved_at'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    // Response clocks (confirm/response-clocks.ts): set while the clock of the current stage has
    // run out; each clock escalates once, and the time it did is kept.
    overdue: integer('overdue', { mode: 'boolean' }).notNull().default(false),
    sendEscalatedAt: integer('send_escalated_at'),
    acknowledgeEscalatedAt: integer('acknowledge_escalated_at'),
    removeEscalatedAt: integer('remove_escalated_at'),
    // The remove clock keeps nudging a platform that does not act: how many times it escalated again.
    removeRepeats: integer('remove_repeats').notNull().default(0),
    // How many reminders of this notice were scheduled (see the reminders table).
    reminders: integer('reminders').notNull().default(0),
    // Status polling (confirm/poll-statuses.ts) for adapters with checkStatus, with backoff.
    statusChecks: integer('status_checks').notNull().default(0),
    nextStatusCheckAt: integer('next_status_check_at'),
  },
  (t) => [
    uniqueIndex('submissions_notice_uq').on(t.noticeId),
    // The dashboard's platform and channel filters, and the manual-work view.
    index('submissions_platform_idx').on(t.platformId, t.requestId),
    index('submissions_channel_idx').on(t.channel, t.requestId),
    index('submissions_manual_idx')
      .on(sql`${t.priority} desc`, t.createdAt)
      .where(sql`status = 'manual_pending'`),
    index('submissions_request_idx').on(t.requestId),
    // Serves claim-due-submissions: equality on priority, range and order on time, and covering
    // (platform and id), so the candidates are read from the index alone. Partial: only queued
    // work is in it, so a claim takes a notice out and its settle does not touch it (with every
    // status in it, each notice sent rewrote four entries here and in the next index).
    index('submissions_due_idx')
      .on(t.priority, t.nextAttemptAt, t.platformId, t.id)
      .where(sql`status = 'queued'`),
    // The response clocks (confirm/escalate-overdue.ts) seek what they judge instead of reading
    // every notice of a status: the overdue ones, and per clock the ones whose clock runs and has
    // not escalated yet, by the time it started. Partial, so a notice leaves an index once its
    // clock is behind it, and the sends of a notice touch this index only when it turns overdue.
    index('submissions_overdue_idx')
      .on(t.overdue)
      .where(sql`overdue = 1`),
    index('submissions_send_clock_idx')
      .on(t.createdAt)
      .where(sql`status IN ('queued', 'sending', 'manual_pending') AND send_escalated_at IS NULL`),
    index('submissions_acknowledge_clock_idx')
      .on(sql`coalesce(${t.submittedAt}, ${t.createdAt})`)
      .where(sql`status = 'submitted' AND acknowledged_at IS NULL AND acknowledge_escalated_at IS NULL`),
    index('submissions_remove_clock_idx')
      .on(sql`coalesce(${t.submittedAt}, ${t.createdAt})`)
      .where(sql`status IN ('submitted', 'acknowledged') AND remove_escalated_at IS NULL`),
    // Serves the claim per platform: when the platforms at the head of the queue have no room, the
    // claim seeks straight to the others' due work instead of reading the whole backlog. Partial
    // and covering as the one above.
    index('submissions_platform_due_idx')
      .on(t.priority, t.platformId, t.nextAttemptAt, t.id)
      .where(sql`status = 'queued'`),
    // Serves the URL re-checks' incremental look for newly sent submissions (confirm/recheck-urls.ts).
    index('submissions_updated_idx').on(t.updatedAt),
    // Serves the separate expired-lease query.
    index('submissions_lease_idx')
      .on(t.leaseExpiresAt)
      .where(sql`status = 'sending'`),
  ],
);

export const items = sqliteTable(
  'items',
  {
    id: text('id').primaryKey(),
    requestId: text('request_id')
      .notNull()
      .references(() => requests.id),
    submissionId: text('submission_id')
      .notNull()
      .references(() => submissions.id),
    position: integer('position').notNull(),
    url: text('url').notNull(),
    host: text('host').notNull(),
    platformId: text('platform_id').notNull(),
    status: text('status').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('items_request_idx').on(t.requestId, t.position), index('items_submission_idx').on(t.submissionId)],
);

export const events = sqliteTable(
  'events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    requestId: text('request_id')
      .notNull()
      .references(() => requests.id),
    submissionId: text('submission_id'),
    at: integer('at').notNull(),
    type: text('type').notNull(),
    platformId: text('platform_id'),
    detail: text('detail'),
    // Who did it: 'system', 'reporter', 'platform:<id>', 'account:<id>'.
    actor: text('actor').notNull(),
  },
  (t) => [index('events_request_idx').on(t.requestId, t.id)],
);

export const idempotencyKeys = sqliteTable(
  'idempotency_keys',
  {
    // SHA-256 of the caller's scope and the key: the key itself is never stored.
    keyHash: text('key_hash').primaryKey(),
    bodyHash: text('body_hash').notNull(),
    requestId: text('request_id').notNull(),
    // The first answer, sealed: it carries the status token, which is otherwise never stored.
    responseSealed: text('response_sealed').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('idempotency_created_idx').on(t.createdAt)],
);

export const accounts = sqliteTable(
  'accounts',
  {
    id: text('id').primaryKey(),
    role: text('role').notNull(),
    name: text('name').notNull(),
    createdAt: integer('created_at').notNull(),
    disabledAt: integer('disabled_at'),
    // Sign-in for the dashboard: a login (an e-mail address, lower-cased) and a memory-hard hash
    // (accounts/passwords.ts). Accounts used only through API keys have neither.
    login: text('login'),
    passwordHash: text('password_hash'),
    // Consecutive failed sign-ins, and until when sign-in is refused: the back-off doubles.
    failedSignIns: integer('failed_sign_ins').notNull().default(0),
    lockedUntil: integer('locked_until'),
  },
  (t) => [uniqueIndex('accounts_login_uq').on(t.login)],
);

// Dashboard sessions. The cookie carries a random token; only its SHA-256 is stored, so a copy of
// the database opens no session.
export const sessions = sqliteTable(
  'sessions',
  {
    idHash: text('id_hash').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id),
    createdAt: integer('created_at').notNull(),
    lastSeenAt: integer('last_seen_at').notNull(),
    // Absolute end, whatever the activity.
    expiresAt: integer('expires_at').notNull(),
    endedAt: integer('ended_at'),
  },
  (t) => [index('sessions_account_idx').on(t.accountId), index('sessions_expires_idx').on(t.expiresAt)],
);

// What people did that is not a step of one case's work: signing in, managing accounts, and
// reading sealed personal data (which is logged against the case too, see requestId).
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at').notNull(),
    // 'account:<id>', 'anonymous' (failed sign-in), 'operator' (the CLI).
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    subject: text('subject'),
    requestId: text('request_id'),
    detail: text('detail'),
  },
  (t) => [index('audit_log_at_idx').on(t.at), index('audit_log_request_idx').on(t.requestId, t.id)],
);

export const apiKeys = sqliteTable(
  'api_keys',
  {
    // The public half of the key (`tdk_<id>_<secret>`), used to find the row before a constant-time
    // comparison of the secret's hash.
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id),
    secretHash: text('secret_hash').notNull(),
    createdAt: integer('created_at').notNull(),
    revokedAt: integer('revoked_at'),
  },
  (t) => [index('api_keys_account_idx').on(t.accountId)],
);

export type RequestRow = typeof requests.$inferSelect;
export type SubmissionRow = typeof submissions.$inferSelect;
export type ItemRow = typeof items.$inferSelect;
export type EventRow = typeof events.$inferSelect;

// One row per webhook message accepted: a repeated `webhook-id` is answered 204 and changes nothing.
export const webhookReceipts = sqliteTable(
  'webhook_receipts',
  {
    platformId: text('platform_id').notNull(),
    webhookId: text('webhook_id').notNull(),
    receivedAt: integer('received_at').notNull(),
  },
  (t) => [uniqueIndex('webhook_receipts_uq').on(t.platformId, t.webhookId), index('webhook_receipts_received_idx').on(t.receivedAt)],
);

// Re-notifications of a notice whose platform let a clock run out: a small outbox of their own,
// so a reminder that cannot go out now is retried and never lost. `n` is part of the idempotency
// key the platform sees (`<noticeId>:reminder:<n>`).
export const reminders = sqliteTable(
  'reminders',
  {
    id: text('id').primaryKey(),
    submissionId: text('submission_id')
      .notNull()
      .references(() => submissions.id),
    requestId: text('request_id')
      .notNull()
      .references(() => requests.id),
    n: integer('n').notNull(),
    // The clock whose breach called for it: acknowledge | remove.
    clock: text('clock').notNull(),
    // queued | sending | sent | failed | cancelled
    status: text('status').notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at'),
    leaseExpiresAt: integer('lease_expires_at'),
    lastError: text('last_error'),
    sentAt: integer('sent_at'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [uniqueIndex('reminders_submission_n_uq').on(t.submissionId, t.n), index('reminders_due_idx').on(t.status, t.nextAttemptAt)],
);

// Alerts to the on-call caseworkers (urgent case filed, clock run out), written in the same
// transaction as what caused them and delivered by a periodic job: none is lost to a crash.
// The payload carries no personal data and no reported URL, only what points to the case.
export const alerts = sqliteTable(
  'alerts',
  {
    id: text('id').primaryKey(),
    // One alert per cause: `urgent:<requestId>`, `clock:<submissionId>:<clock>`.
    dedupeKey: text('dedupe_key').notNull(),
    kind: text('kind').notNull(),
    requestId: text('request_id')
      .notNull()
      .references(() => requests.id),
    submissionId: text('submission_id'),
    payload: text('payload').notNull(),
    // pending | sending | sent | failed | skipped
    status: text('status').notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at'),
    leaseExpiresAt: integer('lease_expires_at'),
    webhookSentAt: integer('webhook_sent_at'),
    emailSentAt: integer('email_sent_at'),
    lastError: text('last_error'),
    sentAt: integer('sent_at'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [uniqueIndex('alerts_dedupe_uq').on(t.dedupeKey), index('alerts_due_idx').on(t.status, t.nextAttemptAt)],
);

export type ReminderRow = typeof reminders.$inferSelect;
export type AlertRow = typeof alerts.$inferSelect;

// URL re-checks (confirm/recheck-urls.ts): one row per fetch of a reported URL. Only what the
// answer was is kept (status code, when, a hash of the first bytes), never the content itself.
export const urlChecks = sqliteTable(
  'url_checks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    itemId: text('item_id')
      .notNull()
      .references(() => items.id),
    checkedAt: integer('checked_at').notNull(),
    // 'gone' | 'online' | 'inconclusive'
    outcome: text('outcome').notNull(),
    statusCode: integer('status_code'),
    // SHA-256 of at most the first 16 KiB, to tell a changed page from the same one; not reversible.
    contentHash: text('content_hash'),
    // Why, in a few words: 'HTTP 404', 'host not found', 'timeout', 'refused: private address'.
    detail: text('detail'),
    durationMs: integer('duration_ms'),
  },
  (t) => [index('url_checks_item_idx').on(t.itemId, t.checkedAt)],
);

// When each reported URL is next due for a re-check; a row is claimed by moving its time forward.
export const urlCheckSchedule = sqliteTable(
  'url_check_schedule',
  {
    itemId: text('item_id')
      .primaryKey()
      .references(() => items.id),
    nextCheckAt: integer('next_check_at').notNull(),
    lastCheckedAt: integer('last_checked_at'),
    lastOutcome: text('last_outcome'),
  },
  (t) => [index('url_check_schedule_due_idx').on(t.nextCheckAt)],
);

// Abuse contacts found for hosts (platforms/host.ts), so one RDAP round per host and period.
export const abuseContacts = sqliteTable('abuse_contacts', {
  // The host name the URLs are on (`www.example.be`), lower-case.
  host: text('host').primaryKey(),
  // JSON of platforms/host-route/types.ts HostRoute.
  route: text('route').notNull(),
  foundAt: integer('found_at').notNull(),
  expiresAt: integer('expires_at').notNull(),
});
