import { eq } from 'drizzle-orm';
import { HOTLINE_ID } from '../../platforms/hotline.js';
import type { PlatformRegistry } from '../../platforms/registry.js';
import type { PlatformAdapter } from '../../platforms/types.js';
import { appendEvent } from '../cases/append-event.js';
import type { SubmissionStatus } from '../cases/event-types.js';
import { enqueueAlert } from '../confirm/enqueue-alert.js';
import { connectionOf, type Db, type DbTx } from '../db/client.js';
import { newRowId } from '../db/new-id.js';
import { idempotencyKeys } from '../db/schema.js';
import { hashSecret, newSecret } from '../privacy/secrets.js';
import { openJson, sealJson, type Keyring } from '../privacy/seal.js';
import { explanationContext, idempotencyResponseContext, reporterContext } from '../privacy/sealed-columns.js';
import { groupByPlatform, type UrlRouter } from '../routing/route-urls.js';
import { newReference } from './reference.js';
import { isUrgent, uniqueUrls, type CreateRequestInput } from './request-schema.js';

export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface CreatedResponse {
  reference: string;
  statusToken: string;
  urgent: boolean;
  status: string;
  submissions: Array<{ id: string; platform: string; channel: string; status: SubmissionStatus; urls: string[] }>;
}

export type CreateOutcome =
  | { kind: 'created'; response: CreatedResponse; requestId: string; urgent: boolean }
  | { kind: 'replayed'; response: CreatedResponse }
  | { kind: 'idempotency_conflict' };

export interface CreateRequestDeps {
  db: Db;
  keyring: Keyring;
  registry: PlatformRegistry;
  router: UrlRouter;
  now: number;
}

// What every request writes, as fixed SQL: intake is the hottest path there is, and drizzle
// building these inserts anew for each request cost more than SQLite running them.
const INSERT_REQUEST = `
  INSERT INTO requests (id, reference, status_token_hash, category, urgent, minor_involved, locale, reporter_role,
                        reporter_sealed, explanation_sealed, good_faith, account_id, review_reason, status, created_at, updated_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, 'open', ?, ?)`;
const INSERT_ITEM = `
  INSERT INTO items (id, request_id, submission_id, position, url, host, platform_id, status, updated_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, 'reported', ?)`;
const INSERT_SUBMISSION = `
  INSERT INTO submissions (id, request_id, platform_id, channel, notice_id, priority, status, attempts, next_attempt_at, created_at, updated_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)`;
const REFERENCE_TAKEN = 'SELECT 1 FROM requests WHERE reference = ?';

export interface CreateRequestOptions {
  accountId?: string | null;
  /** The organisation filing with its key: it is the reporter of a child_photo_misuse notice. */
  organisation?: { name: string } | null;
  idempotency?: { keyHash: string; bodyHash: string };
  reviewReason?: string | null;
}

// The request, its items, one submission per platform and the first events are written in one
// transaction: once the 201 leaves, the work exists and survives a crash.
export function createRequest(deps: CreateRequestDeps, input: CreateRequestInput, options: CreateRequestOptions = {}): CreateOutcome {
  const write = prepareRequest(deps, input, options);
  return deps.db.transaction(() => write(), { behavior: 'immediate' });
}

// Does first what needs no database (routing, the ids, the status token and its hash, the sealed
// columns: about 20 µs a request in a tight loop) and returns the write, which runs holding the
// process's write lock, the one the worker's settles and claims wait for. The write opens no
// transaction of its own: its caller's makes it atomic (the group commit runs each write in a
// savepoint, createRequest in a transaction). One more nested inside the group's was a savepoint
// more and drizzle's transaction objects, some 5 KB of garbage a request.
export function prepareRequest(
  deps: CreateRequestDeps,
  input: CreateRequestInput,
  options: CreateRequestOptions = {},
): () => CreateOutcome {
  const { db, keyring, registry, router, now } = deps;
  const urgent = isUrgent(input);
  const urls = uniqueUrls(input.urls);
  const groups = groupByPlatform(urls.map((u) => router(new URL(u))));
  // Items keep the order the reporter gave the links in, whatever platform each went to.
  const positionOf = new Map(urls.map((u, i) => [new URL(u).href, i] as const));
  const reporter = reporterFor(input, options.organisation ?? null);
  const requestId = newRowId();
  const statusToken = newSecret();
  const statusTokenHash = hashSecret(statusToken);
  const reporterSealed = reporter ? sealJson(keyring, reporterContext(requestId), reporter) : null;
  const explanationSealed = sealJson(keyring, explanationContext(requestId), input.explanation);

  return () => {
    const idem = options.idempotency;
    if (idem) {
      const prior = db.select().from(idempotencyKeys).where(eq(idempotencyKeys.keyHash, idem.keyHash)).get();
      if (prior && prior.createdAt > now - IDEMPOTENCY_WINDOW_MS) {
        if (prior.bodyHash !== idem.bodyHash) return { kind: 'idempotency_conflict' } as const;
        const response = openJson<CreatedResponse>(keyring, idempotencyResponseContext(idem.keyHash), prior.responseSealed);
        return { kind: 'replayed', response } as const;
      }
      if (prior) db.delete(idempotencyKeys).where(eq(idempotencyKeys.keyHash, idem.keyHash)).run();
    }

    const reference = freeReference(db);
    connectionOf(db)
      .prepare(INSERT_REQUEST)
      .run(
        requestId,
        reference,
        statusTokenHash,
        input.category,
        urgent ? 1 : 0,
        input.minorInvolved ? 1 : 0,
        input.locale,
        reporter?.role ?? null,
        reporterSealed,
        explanationSealed,
        options.accountId ?? null,
        options.reviewReason ?? null,
        now,
        now,
      );
    appendEvent(db, {
      requestId,
      type: 'created',
      actor: options.accountId ? `account:${options.accountId}` : 'reporter',
      at: now,
      detail: `${groups.reduce((n, g) => n + g.urls.length, 0)} link(s) for ${groups.length} platform(s)${urgent ? ', urgent' : ''}`,
    });

    if (options.reviewReason) {
      appendEvent(db, { requestId, type: 'flagged', actor: 'system', at: now, detail: `flagged for review: ${options.reviewReason}` });
    }

    const created: CreatedResponse['submissions'] = [];
    for (const group of groups) {
      const adapter = registry.get(group.platformId);
      if (!adapter) throw new Error(`router produced unknown platform ${group.platformId}`);
      const { submissionId, status } = insertSubmission(db, { requestId, adapter, urgent, now });
      const insertItem = connectionOf(db).prepare(INSERT_ITEM);
      for (const u of group.urls) {
        insertItem.run(newRowId(), requestId, submissionId, positionOf.get(u.url) ?? 0, u.url, u.host, adapter.id, now);
      }
      appendEvent(db, {
        requestId,
        submissionId,
        type: 'routed',
        platformId: adapter.id,
        actor: 'system',
        at: now,
        detail:
          status === 'manual_pending'
            ? `${group.urls.length} link(s) to ${adapter.name}: its web form must be filled in by a person`
            : `${group.urls.length} link(s) to ${adapter.name} by ${adapter.channel}`,
      });
      created.push({ id: submissionId, platform: adapter.id, channel: adapter.channel, status, urls: group.urls.map((u) => u.url) });
    }

    // Child sexual abuse material also goes to the national hotline, for every link of the request.
    // That submission has no items of its own: it covers the whole request (see cases/submission-urls.ts).
    if (input.category === 'child_sexual_abuse') {
      const hotline = registry.get(HOTLINE_ID);
      if (!hotline) throw new Error('the registry has no hotline');
      // The hotline hears of child sexual abuse first, whatever else is queued.
      const { submissionId, status } = insertSubmission(db, { requestId, adapter: hotline, urgent: true, now });
      const all = groups.flatMap((g) => g.urls.map((u) => u.url));
      appendEvent(db, {
        requestId,
        submissionId,
        type: 'routed',
        platformId: hotline.id,
        actor: 'system',
        at: now,
        detail:
          status === 'manual_pending'
            ? `${all.length} link(s) for the hotline (${hotline.name}): no hotline destination is configured, to be filed by a person`
            : `${all.length} link(s) to the hotline (${hotline.name}) by ${hotline.channel}, without the reporter's identity`,
      });
      created.push({ id: submissionId, platform: hotline.id, channel: hotline.channel, status, urls: all });
    }

    if (urgent) {
      // The on-call hears of an urgent case at once, from the same transaction that stored it.
      enqueueAlert(db, {
        dedupeKey: `urgent:${requestId}`,
        requestId,
        now,
        payload: {
          type: 'request.urgent',
          reference,
          category: input.category,
          platforms: created.map((c) => c.platform),
          at: new Date(now).toISOString(),
        },
      });
    }

    const response: CreatedResponse = { reference, statusToken, urgent, status: 'open', submissions: created };
    if (idem) {
      db.insert(idempotencyKeys)
        .values({
          keyHash: idem.keyHash,
          bodyHash: idem.bodyHash,
          requestId,
          responseSealed: sealJson(keyring, idempotencyResponseContext(idem.keyHash), response),
          createdAt: now,
        })
        .run();
    }
    return { kind: 'created', response, requestId, urgent } as const;
  };
}

// For children's photos filed by an organisation with its key, the notice speaks for the
// organisation (it holds the parents' mandate), with the contact address the filer gave.
function reporterFor(input: CreateRequestInput, organisation: { name: string } | null): CreateRequestInput['reporter'] {
  if (input.category !== 'child_photo_misuse' || !organisation) return input.reporter;
  return { role: 'organisation', name: organisation.name, ...(input.reporter?.email ? { email: input.reporter.email } : {}) };
}

// One notice to one platform: manual platforms wait for a person, the others are due at once.
function insertSubmission(
  tx: DbTx,
  options: { requestId: string; adapter: PlatformAdapter; urgent: boolean; now: number },
): { submissionId: string; status: SubmissionStatus } {
  const { adapter, now } = options;
  const submissionId = newRowId();
  const status: SubmissionStatus = adapter.channel === 'manual' ? 'manual_pending' : 'queued';
  connectionOf(tx)
    .prepare(INSERT_SUBMISSION)
    .run(
      submissionId,
      options.requestId,
      adapter.id,
      adapter.channel,
      newRowId(),
      options.urgent ? 1 : 0,
      status,
      status === 'queued' ? now : null,
      now,
      now,
    );
  return { submissionId, status };
}

function freeReference(tx: DbTx): string {
  for (let i = 0; i < 20; i++) {
    const reference = newReference();
    const taken = connectionOf(tx).prepare(REFERENCE_TAKEN).get(reference);
    if (!taken) return reference;
  }
  throw new Error('could not draw a free reference');
}

// A retry of a request already accepted (same key, within the window) is answered from the record,
// so it must not be refused by the rate limit: the first answer may be the only copy of the token.
export function isKnownIdempotencyKey(db: Db, keyHash: string, now: number): boolean {
  const prior = db.select({ createdAt: idempotencyKeys.createdAt }).from(idempotencyKeys).where(eq(idempotencyKeys.keyHash, keyHash)).get();
  return prior !== undefined && prior.createdAt > now - IDEMPOTENCY_WINDOW_MS;
}
