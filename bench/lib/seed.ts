import type Database from 'better-sqlite3';
import { newRowId } from '../../src/db/new-id.js';
import { seal, type Keyring } from '../../src/privacy/seal.js';

// The fast way in for scale runs: rows written with prepared statements, many per transaction,
// shaped as intake and the worker would leave them, with the same time-ordered (v7) ids: random
// ones would put each notice's request, links and events on pages of their own all over the
// B-trees, where production's sit together. The HTTP API would take hours for a million
// requests; this takes seconds, and stores the same columns, indexes and sealed values.

export type SeedShape = 'settled' | 'queued';

export interface SeedOptions {
  sqlite: Database.Database;
  keyring: Keyring;
  /** Requests to add. */
  count: number;
  /** The two platforms each request's three links go to (two on the first, one on the second). */
  platforms: [string, string];
  /** `settled`: both notices submitted, five events; `queued`: both due now, three events. */
  shape: SeedShape;
  /** Every seeded request shares this token hash, so one status token reads any of them. */
  statusTokenHash: string;
  /** First sequence number; references are derived from it, so successive seeds never collide. */
  from: number;
  priority?: 0 | 1;
  /** Return the references and submission ids written (keep off for large seeds). */
  collect?: boolean;
  now?: number;
  batch?: number;
}

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A valid, unique reference per sequence number (40 bits of Crockford base32). */
export function seededReference(n: number): string {
  let s = '';
  let v = n;
  for (let i = 0; i < 8; i++) {
    s = ALPHABET[v % 32] + s;
    v = Math.floor(v / 32);
  }
  return `TD-${s.slice(0, 4)}-${s.slice(4)}`;
}

const explanation =
  'These are intimate images of me shared without my consent. I never agreed to their publication and ask for their removal under DSA art. 16.';

export function seedRequests(o: SeedOptions): { references: string[]; submissionIds: string[] } {
  const now = o.now ?? Date.now();
  const settled = o.shape === 'settled';
  const insertRequest = o.sqlite.prepare(`
    INSERT INTO requests (id, reference, status_token_hash, category, urgent, minor_involved, locale, reporter_role,
      reporter_sealed, explanation_sealed, good_faith, account_id, status, overdue, created_at, updated_at)
    VALUES (?, ?, ?, 'intimate_image', ?, 0, 'en', NULL, NULL, ?, 1, NULL, ?, 0, ?, ?)`);
  const insertSubmission = o.sqlite.prepare(`
    INSERT INTO submissions (id, request_id, platform_id, channel, notice_id, priority, status, attempts, next_attempt_at,
      ticket_id, submitted_at, created_at, updated_at)
    VALUES (?, ?, ?, 'http', ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertItem = o.sqlite.prepare(`
    INSERT INTO items (id, request_id, submission_id, position, url, host, platform_id, status, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, 'reported', ?)`);
  const insertEvent = o.sqlite.prepare(`
    INSERT INTO events (request_id, submission_id, at, type, platform_id, detail, actor) VALUES (?, ?, ?, ?, ?, ?, ?)`);

  const references: string[] = [];
  const submissionIds: string[] = [];
  const [p1, p2] = o.platforms;
  const priority = o.priority ?? 0;
  const batch = o.batch ?? 50_000;
  const write = o.sqlite.transaction((start: number, end: number) => {
    for (let n = start; n < end; n++) {
      const requestId = newRowId();
      const reference = seededReference(n);
      const at = now - (o.from + o.count - n) * 10;
      insertRequest.run(
        requestId,
        reference,
        o.statusTokenHash,
        priority,
        seal(o.keyring, { table: 'requests', column: 'explanation', rowId: requestId }, JSON.stringify(explanation)),
        settled ? 'in_progress' : 'open',
        at,
        at,
      );
      insertEvent.run(requestId, null, at, 'created', null, '3 link(s) for 2 platform(s)', 'reporter');
      let position = 0;
      for (const [platform, links] of [
        [p1, [`https://${p1}.test/p/${n}a`, `https://${p1}.test/p/${n}b`]],
        [p2, [`https://${p2}.test/v/${n}`]],
      ] as const) {
        const submissionId = newRowId();
        if (o.collect) submissionIds.push(submissionId);
        insertSubmission.run(
          submissionId,
          requestId,
          platform,
          newRowId(),
          priority,
          settled ? 'submitted' : 'queued',
          settled ? 1 : 0,
          settled ? null : at,
          settled ? `T-${n}` : null,
          settled ? at + 50 : null,
          at,
          at,
        );
        for (const url of links) insertItem.run(newRowId(), requestId, submissionId, position++, url, `${platform}.test`, platform, at);
        insertEvent.run(requestId, submissionId, at, 'routed', platform, `${links.length} link(s) to ${platform} by http`, 'system');
        if (settled) insertEvent.run(requestId, submissionId, at + 50, 'submitted', platform, `ticket T-${n}`, 'system');
      }
      if (o.collect) references.push(reference);
    }
  });
  for (let start = o.from; start < o.from + o.count; start += batch) write(start, Math.min(o.from + o.count, start + batch));
  return { references, submissionIds };
}
