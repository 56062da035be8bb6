import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { createAccount } from '../src/accounts/api-keys.js';
import { endSession, resumeSession, startSession } from '../src/accounts/sessions.js';
import { requests, idempotencyKeys } from '../src/db/schema.js';
import { createLogger } from '../src/logger.js';
import { echoEraser } from '../src/retention/erase-echoes.js';
import { call, createTestServices, requestBody } from './support/services.js';
import { useMsw } from './support/msw.js';

const server = useMsw();
const DAY = 24 * 60 * 60 * 1000;

const person = { role: 'victim', name: 'Zoë Vandenberghe', email: 'zoe.vandenberghe@example.org', phone: '+32 470 55 66 77' };
const explanation = 'Mijn ex heeft deze foto verspreid zonder toestemming';

describe('retention', () => {
  it('closes a withdrawn case after the quiet period and erases personal data on the retention clock, keeping the timeline', async () => {
    const s = createTestServices({
      platforms: [{ id: 'alpha', channel: { type: 'manual' } }],
      config: { CLOSE_AFTER_DAYS: 30, RETENTION_DAYS: 90 },
    });
    const created = await call(s.app, 'POST', '/api/v1/requests', {
      body: requestBody(['https://alpha.test/1'], { reporter: person, explanation }),
      headers: { 'idempotency-key': 'k-1' },
    });
    const { reference, statusToken } = created.json;
    await call(s.app, 'POST', `/api/v1/requests/${reference}/withdraw`, { token: statusToken });

    s.clock.advance(29 * DAY);
    await s.periodic.runAll();
    expect((await call(s.app, 'GET', `/api/v1/requests/${reference}`, { token: statusToken })).json.status).toBe('withdrawn');

    s.clock.advance(2 * DAY);
    await s.periodic.runAll();
    const closed = await call(s.app, 'GET', `/api/v1/requests/${reference}`, { token: statusToken });
    expect(closed.json.status).toBe('closed');
    expect(s.database.db.select().from(requests).get()?.reporterSealed).not.toBeNull();

    s.clock.advance(89 * DAY);
    await s.periodic.runAll();
    expect(s.database.db.select().from(requests).get()?.reporterSealed).not.toBeNull();

    s.clock.advance(2 * DAY);
    await s.periodic.runAll();
    const row = s.database.db.select().from(requests).get()!;
    expect(row.reporterSealed).toBeNull();
    expect(row.explanationSealed).toBeNull();
    expect(row.personalDataPurgedAt).toBe(s.clock.now());
    expect(s.database.db.select().from(idempotencyKeys).all()).toHaveLength(0);
    const after = await call(s.app, 'GET', `/api/v1/requests/${reference}`, { token: statusToken });
    expect(after.json.events.map((e: any) => e.kind)).toEqual(['created', 'routed', 'withdrawn', 'closed', 'purged']);
    // The contract names no 'purged': a client built from it reads a note, and `kind` says which.
    expect(after.json.events.map((e: any) => e.type)).toEqual(['created', 'routed', 'withdrawn', 'closed', 'note']);
    expect(after.json.items[0].url).toBe('https://alpha.test/1');
  });

  it('erases the reporter’s details where a platform’s answer or a note repeated them, and nothing else', async () => {
    const s = createTestServices({
      platforms: [{ id: 'alpha', channel: { type: 'http', url: 'https://api.alpha.test/notices' } }],
      config: { CLOSE_AFTER_DAYS: 30, RETENTION_DAYS: 90 },
    });
    // The platform refuses, quoting the reporter's address and account back.
    server.use(
      http.post('https://api.alpha.test/notices', () =>
        HttpResponse.text(`Reporter ${person.email} is not the account holder. "${explanation}"`, { status: 422 }),
      ),
    );
    const created = await call(s.app, 'POST', '/api/v1/requests', {
      body: requestBody(['https://alpha.test/1'], { reporter: person, explanation }),
    });
    await s.worker.drain();
    const { reference, statusToken } = created.json;
    const submission = () => s.database.sqlite.prepare('SELECT status, last_error AS lastError FROM submissions').get() as any;
    expect(submission()).toMatchObject({ status: 'rejected', lastError: expect.stringContaining(person.email) });
    // A caseworker's note names the person and their phone, written another way.
    s.database.sqlite
      .prepare(`INSERT INTO events (request_id, type, actor, at, detail) VALUES (?, 'note', 'account:x', ?, ?)`)
      .run(
        s.database.sqlite.prepare('SELECT id FROM requests').pluck().get(),
        s.clock.now(),
        'Called zoë vandenberghe on 0032470556677 (Zoëlla was not home)',
      );
    s.database.sqlite.exec(`UPDATE requests SET closed_at = ${s.clock.now()}, status = 'closed'`);

    s.clock.advance(91 * DAY);
    await s.periodic.runAll();
    expect(submission().lastError).toBe('HTTP 422: Reporter [erased] is not the account holder. "[erased]"');
    const view = await call(s.app, 'GET', `/api/v1/requests/${reference}`, { token: statusToken });
    const note = s.database.sqlite.prepare(`SELECT detail FROM events WHERE type = 'note'`).pluck().get();
    // The name as a word of its own, the phone however spaced; a longer word that starts alike stays.
    expect(note).toBe('Called [erased] on [erased] (Zoëlla was not home)');
    const purged = view.json.events.find((e: any) => e.kind === 'purged');
    expect(purged.detail).toContain('also from 3 answer(s) or note(s)');
    const everything = JSON.stringify(s.database.sqlite.prepare('SELECT * FROM events').all()) + JSON.stringify(view.json);
    for (const secret of [person.email, person.name, explanation, '470 55 66 77', '470556677']) expect(everything).not.toContain(secret);
  });

  it('finds a phone number however it is written, and a name only as a word of its own', () => {
    const erase = echoEraser({ role: 'victim', name: 'Ann', phone: '+32 470 55 66 77' }, null)!;
    expect(erase('call +32 470 55 66 77, 0032470556677, 0470/55.66.77 or (0470) 55-66-77')).toBe(
      'call [erased], [erased], [erased] or ([erased]',
    );
    expect(erase('ticket 47055667 and 1470556677 stay')).toBe('ticket 47055667 and [erased] stay');
    expect(erase('Ann, ANN and Anna; Joanne')).toBe('[erased], [erased] and Anna; Joanne');
    expect(echoEraser({ role: 'victim' }, 'too short')).toBeNull();
  });

  it('still purges a case whose details were sealed under a key it no longer holds', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha', channel: { type: 'manual' } }], config: { RETENTION_DAYS: 90 } });
    await call(s.app, 'POST', '/api/v1/requests', { body: requestBody(['https://alpha.test/1'], { reporter: person, explanation }) });
    // As a value sealed under a key since forgotten reads: it cannot be opened.
    s.database.sqlite.exec(
      `UPDATE requests SET reporter_sealed = 'v1.00000000.AAAA.AAAA', closed_at = ${s.clock.now()}, status = 'closed'`,
    );
    s.clock.advance(91 * DAY);
    await s.periodic.runAll();
    const row = s.database.db.select().from(requests).get()!;
    expect(row).toMatchObject({ reporterSealed: null, explanationSealed: null, personalDataPurgedAt: s.clock.now() });
    // The record says what could not be done rather than claiming a clean erasure.
    const purged = s.database.sqlite.prepare(`SELECT detail FROM events WHERE type = 'purged'`).pluck().get();
    expect(purged).toMatch(/could not be opened, so answers or notes that repeated them were not looked through/);
  });

  it('finds the reporter’s details in a JSON answer that escaped them, and an explanation cut short', () => {
    const account =
      'Ces photos ont été prises à mon insu dans le vestiaire du club "Les Dauphins".\nJe demande leur retrait. ' + 'x'.repeat(600);
    const erase = echoEraser({ role: 'victim', name: 'Zoë Van den Broeck' }, account)!;
    // Kept as the platform sent it, cut at a reason's length: the explanation's end is not there.
    const answer = `HTTP 422: ${JSON.stringify({ reporter: 'Zoë Van den Broeck', text: account })}`.slice(0, 500);
    expect(erase(answer)).toBe('HTTP 422: {"reporter":"[erased]","text":"[erased]');
    // An encoder that writes every non-ASCII letter as \\uXXXX.
    expect(erase('{"name":"Zo\\u00eb Van den Broeck","x":1}')).toBe('{"name":"[erased]","x":1}');
    // A sentence of the explanation quoted from its middle is not the reporter's opening, and stays.
    expect(erase('about "Les Dauphins" club')).toBe('about "Les Dauphins" club');
  });

  it('closing a quiet resolved case stops its pending work, as a caseworker closing it would', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha', channel: { type: 'manual' } }], config: { CLOSE_AFTER_DAYS: 30 } });
    const created = await call(s.app, 'POST', '/api/v1/requests', {
      body: requestBody(['https://alpha.test/1'], { category: 'child_sexual_abuse' }),
    });
    expect(created.status).toBe(201);
    // Every link is gone (as a platform's confirmation would record it); the hotline's notice,
    // which covers the request, is still waiting for a person.
    s.database.sqlite.exec(`UPDATE items SET status = 'removed'; UPDATE requests SET status = 'resolved'`);
    s.clock.advance(31 * DAY);
    await s.periodic.runAll();
    const statuses = s.database.sqlite.prepare('SELECT platform_id AS p, status FROM submissions ORDER BY platform_id').all();
    expect(statuses).toEqual([
      { p: 'alpha', status: 'withdrawn' },
      { p: 'hotline', status: 'withdrawn' },
    ]);
    const view = await call(s.app, 'GET', `/api/v1/requests/${created.json.reference}`, { token: created.json.statusToken });
    expect(view.json.status).toBe('closed');
  });

  it('forgets sessions once they are ended, idle or past their limit, and keeps the live one', async () => {
    const s = createTestServices({ config: { SESSION_IDLE_MINUTES: 30, SESSION_MAX_HOURS: 12 } });
    const policy = { idleMs: 30 * 60_000, maxMs: 12 * 3_600_000 };
    const { account } = createAccount(s.database.db, { role: 'caseworker', name: 'Case Worker', now: s.clock.now() });
    const ended = startSession(s.database.db, { accountId: account.id, now: s.clock.now(), policy });
    endSession(s.database.db, { token: ended, now: s.clock.now() });
    startSession(s.database.db, { accountId: account.id, now: s.clock.now(), policy });
    s.clock.advance(20 * 60_000);
    const live = startSession(s.database.db, { accountId: account.id, now: s.clock.now(), policy });
    s.clock.advance(15 * 60_000);
    await s.periodic.runAll();
    const left = s.database.sqlite.prepare('SELECT count(*) AS n FROM sessions').get() as { n: number };
    expect(left.n).toBe(1);
    expect(resumeSession(s.database.db, { token: live, now: s.clock.now(), policy })).not.toBeNull();
  });

  it('leaves no token, key, contact detail or explanation in clear in the database files or the logs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'td-grep-'));
    let logs = '';
    const sink = new Writable({
      write(chunk, _enc, done) {
        logs += chunk.toString();
        done();
      },
    });
    server.use(http.post('https://api.alpha.test/notices', () => HttpResponse.json({ ticketId: 'T-1' }, { status: 201 })));
    const s = createTestServices({
      platforms: [{ id: 'alpha' }],
      config: { DATABASE_PATH: join(dir, 'takedown.db'), DATA_KEY: undefined },
      logger: createLogger({ level: 'trace', destination: sink }),
    });
    const { apiKey } = createAccount(s.database.db, { role: 'caseworker', name: 'On call', now: s.clock.now() });
    const created = await call(s.app, 'POST', '/api/v1/requests', {
      body: requestBody(['https://alpha.test/1'], { reporter: person, explanation }),
      headers: { 'idempotency-key': 'grep-key' },
    });
    expect(created.status).toBe(201);
    await s.worker.drain();
    await call(s.app, 'GET', `/api/v1/requests/${created.json.reference}`, { token: apiKey });
    await call(s.app, 'GET', `/api/v1/requests/${created.json.reference}`, { token: created.json.statusToken });
    s.database.sqlite.pragma('wal_checkpoint(TRUNCATE)');

    const files = readdirSync(dir).map((f) => readFileSync(join(dir, f)).toString('latin1'));
    const haystack = files.join('\n') + logs;
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of [created.json.statusToken, apiKey, person.email, person.phone, person.name, explanation, 'grep-key']) {
      expect(haystack.includes(secret), `found ${secret}`).toBe(false);
    }
    // The reported link is in the database (it is what platforms were told), never in the logs.
    expect(logs.includes('alpha.test/1')).toBe(false);
  });
});
