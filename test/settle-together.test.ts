import { describe, expect, it } from 'vitest';
import { SendError } from '../platforms/send-error.js';
import { readNoticeSources } from '../src/cases/notice-input.js';
import { refreshRequestStatuses } from '../src/cases/derive-request-status.js';
import { createSubmissionQueue, type ClaimedSubmission } from '../src/dispatch/claim-due-submissions.js';
import type { SendResult } from '../src/dispatch/send-notice.js';
import { settleSubmission, settleSubmissions, type SettlePolicy } from '../src/dispatch/settle-submission.js';
import { createTestServices, fileRequest, type TestServices } from './support/services.js';

// The worker records the sends answered in one turn together (one update for the accepted ones,
// one insert of their events, one status refresh). What it stores must be exactly what settling
// them one by one stores, and one send that cannot be recorded must lose only its own rows.

const policy: SettlePolicy = { maxAttempts: 5, retryBaseMs: 1_000, retryMaxMs: 60_000, random: () => 0.5 };
const OWNER = 'worker-1';

const accepted = (ticketId: string, failures: string[] = []): SendResult => ({
  sends: 1 + failures.length,
  failures: failures.map((m) => new SendError(m, { retryable: true, status: 503 })),
  outcome: { kind: 'accepted', ticketId },
});
const busy: SendResult = {
  sends: 1,
  failures: [],
  outcome: { kind: 'error', error: new SendError('HTTP 503', { retryable: true, status: 503 }) },
};
const refused: SendResult = { sends: 1, failures: [], outcome: { kind: 'rejected', reason: 'not illegal here' } };

// Three requests, each with a notice to alpha and one to beta, all claimed by OWNER.
async function claimedWork(): Promise<{ s: TestServices; claimed: ClaimedSubmission[]; references: string[] }> {
  const s = createTestServices({ platforms: [{ id: 'alpha' }, { id: 'beta' }] });
  const references: string[] = [];
  for (let i = 0; i < 3; i++) references.push((await fileRequest(s, [`https://alpha.test/${i}`, `https://beta.test/${i}`])).reference);
  const claimed = createSubmissionQueue(s.database.sqlite).claim({
    now: s.clock.now(),
    owner: OWNER,
    leaseMs: 60_000,
    priority: 0,
    limit: 10,
    roomByPlatform: new Map(),
    defaultRoom: 10,
  });
  expect(claimed).toHaveLength(6);
  // In request order, alpha before beta.
  const order = (c: ClaimedSubmission) => `${references.indexOf(referenceOf(s, c.requestId))}${c.platformId}`;
  return { s, claimed: claimed.sort((a, b) => order(a).localeCompare(order(b))), references };
}

function referenceOf(s: TestServices, requestId: string): string {
  return s.database.sqlite.prepare<[string], string>('SELECT reference FROM requests WHERE id = ?').pluck().get(requestId)!;
}

// Everything settling may write, without the generated keys, in filing order (references are
// drawn at random per database, so the n-th request stands for itself).
function stored(w: { s: TestServices; references: string[] }) {
  const { sqlite } = w.s.database;
  const inOrder = (rows: unknown[]) =>
    (rows as Array<{ reference: string; rowOrder: number }>)
      .map(({ reference, rowOrder, ...rest }) => ({ request: w.references.indexOf(reference), rowOrder, ...rest }))
      .sort((x, y) => x.request - y.request || x.rowOrder - y.rowOrder)
      .map(({ rowOrder, ...rest }) => rest);
  return {
    submissions: inOrder(
      sqlite
        .prepare(
          `SELECT r.reference, s.platform_id = 'beta' AS rowOrder, s.platform_id, s.status, s.attempts, s.ticket_id, s.last_error,
                  s.next_attempt_at, s.submitted_at, s.lease_owner, s.updated_at
           FROM submissions s JOIN requests r ON r.id = s.request_id`,
        )
        .all(),
    ),
    events: inOrder(
      sqlite
        .prepare(
          // Each notice's events in the order written; the notices of one turn among themselves
          // may be in another order (the accepted ones are written last, together).
          `SELECT r.reference, coalesce(e.platform_id = 'beta', -1) * 1000000 + e.id AS rowOrder, e.platform_id, e.type, e.detail, e.actor, e.at
           FROM events e JOIN requests r ON r.id = e.request_id`,
        )
        .all(),
    ),
    requests: inOrder(sqlite.prepare('SELECT reference, 0 AS rowOrder, status, overdue, updated_at FROM requests').all()),
  };
}

// Each case's results, in claim order (request 1 alpha, request 1 beta, request 2 alpha, ...).
const turns: Array<[string, SendResult[]]> = [
  ['all accepted', [accepted('A1'), accepted('B1'), accepted('A2'), accepted('B2'), accepted('A3'), accepted('B3')]],
  ['accepted after quick retries, retried, refused', [accepted('A1', ['HTTP 502', 'reset']), busy, refused, accepted('B2'), busy, refused]],
];

describe('settling the sends of one turn together', () => {
  it.each(turns)('stores what settling them one by one stores: %s', async (_, results) => {
    const together = await claimedWork();
    const alone = await claimedWork();
    for (const w of [together, alone]) w.s.clock.advance(2_000);
    // The second notice of the last request was taken over by another worker meanwhile.
    for (const w of [together, alone]) {
      w.s.database.sqlite.prepare(`UPDATE submissions SET lease_owner = 'worker-2' WHERE id = ?`).run(w.claimed[5]!.id);
    }
    const now = together.s.clock.now();
    const outcomes = await together.s.database.commits.run(() =>
      settleSubmissions({
        db: together.s.database.db,
        sends: together.claimed.map((claimed, i) => ({ claimed, result: results[i]! })),
        owner: OWNER,
        policy,
        now,
      }),
    );
    const one = alone.claimed.map((claimed, i) =>
      alone.s.database.commits.run(() =>
        settleSubmission({ db: alone.s.database.db, claimed, owner: OWNER, result: results[i]!, policy, now }),
      ),
    );
    const expected = await Promise.all(one);
    expect(outcomes.map((o) => (o.ok ? o.value : o.error))).toEqual(expected);
    expect(expected.at(-1)).toBe('lease_lost');

    const a = stored(together);
    expect(a).toEqual(stored(alone));
    // And it is not vacuous: the sends are on record.
    expect((a.events as any[]).filter((e) => e.type === 'submitted').length).toBeGreaterThan(0);
    expect((a.requests as any[]).every((r) => r.status !== 'open')).toBe(true);
    // Both ways share the accepted update, so its arithmetic is checked on its own: every send
    // of the first notice is counted, quick retries included.
    expect(a.submissions[0]).toMatchObject({ status: 'submitted', attempts: results[0]!.sends, ticket_id: 'A1' });
  });

  it('loses only the rows of a send that cannot be recorded', async () => {
    const { s, claimed } = await claimedWork();
    // A notice whose request the settle cannot find: its event breaks the events' foreign key.
    const broken = { ...claimed[2]!, requestId: 'no-such-request' };
    const sends = claimed.map((c, i) => ({ claimed: i === 2 ? broken : c, result: accepted(`T${i}`) }));
    const outcomes = await s.database.commits.run(() =>
      settleSubmissions({ db: s.database.db, sends, owner: OWNER, policy, now: s.clock.now() }),
    );
    expect(outcomes.map((o) => o.ok)).toEqual([true, true, false, true, true, true]);
    const rows = s.database.sqlite
      .prepare<[], { id: string; status: string; ticket_id: string | null; lease_owner: string | null }>(
        'SELECT id, status, ticket_id, lease_owner FROM submissions',
      )
      .all();
    const byId = new Map(rows.map((r) => [r.id, r]));
    claimed.forEach((c, i) =>
      expect(byId.get(c.id)).toEqual(
        i === 2
          ? // Still leased: it goes out again, with the same notice id, when the lease runs out.
            { id: c.id, status: 'sending', ticket_id: null, lease_owner: OWNER }
          : { id: c.id, status: 'submitted', ticket_id: `T${i}`, lease_owner: null },
      ),
    );
    const submittedEvents = s.database.sqlite
      .prepare<[], string>(`SELECT submission_id FROM events WHERE type = 'submitted'`)
      .pluck()
      .all();
    expect(submittedEvents.sort()).toEqual(
      claimed
        .filter((_, i) => i !== 2)
        .map((c) => c.id)
        .sort(),
    );
  });
});

describe('reading and refreshing for several notices at once', () => {
  it('reads each notice its request and its own links, and nothing for a request that is gone', async () => {
    const { s, claimed } = await claimedWork();
    const sources = readNoticeSources(s.database.db, [...claimed, { ...claimed[0]!, id: 'no-such-submission', requestId: 'gone' }]);
    expect(sources.size).toBe(6);
    for (const c of claimed) {
      const source = sources.get(c.id)!;
      expect(source.request.id).toBe(c.requestId);
      expect(source.urls).toEqual([expect.stringMatching(new RegExp(`^https://${c.platformId}\\.test/\\d$`))]);
    }
    // Both notices of one request name the same request but their own links.
    expect(sources.get(claimed[0]!.id)!.request.reference).toBe(sources.get(claimed[1]!.id)!.request.reference);
    expect(sources.get(claimed[0]!.id)!.urls).not.toEqual(sources.get(claimed[1]!.id)!.urls);
  });

  it('refreshes several requests in one call, and writes nothing if one does not exist', async () => {
    const { s, claimed } = await claimedWork();
    const ids = [...new Set(claimed.map((c) => c.requestId))];
    const statuses = () => s.database.sqlite.prepare<[], string>('SELECT status FROM requests ORDER BY id').pluck().all();
    // Claimed notices count as started.
    expect(() => s.database.sqlite.transaction(() => refreshRequestStatuses(s.database.db, [...ids, 'gone'], 5))()).toThrow(
      /request gone not found/,
    );
    expect(statuses()).toEqual(['open', 'open', 'open']);
    const result = s.database.sqlite.transaction(() => refreshRequestStatuses(s.database.db, ids, 5))();
    expect([...result.values()]).toEqual(['in_progress', 'in_progress', 'in_progress']);
    expect(statuses()).toEqual(['in_progress', 'in_progress', 'in_progress']);
  });
});
