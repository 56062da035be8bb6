import { describe, expect, it } from 'vitest';
import { items, submissions, requests, events } from '../src/db/schema.js';
import { call, createTestServices, requestBody } from './support/services.js';

describe('POST /api/v1/requests', () => {
  it('stores the request, its items and one submission per platform, and answers with a reference and a token', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }, { id: 'beta', channel: { type: 'manual' } }] });
    const res = await call(s.app, 'POST', '/api/v1/requests', {
      body: requestBody([
        'https://alpha.test/p/1',
        'https://m.alpha.test/p/2',
        'https://www.beta.test/x',
        'https://club.example-club.be/photo',
      ]),
    });
    expect(res.status).toBe(201);
    expect(res.json.reference).toMatch(/^TD-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(res.json.statusToken.length).toBeGreaterThanOrEqual(40);
    expect(res.json.urgent).toBe(false);
    expect(res.json.submissions.map((x: any) => [x.platform, x.channel, x.status, x.urls.length])).toEqual([
      ['alpha', 'http', 'queued', 2],
      ['beta', 'manual', 'manual_pending', 1],
      ['host:example-club.be', 'host', 'queued', 1],
    ]);
    const db = s.database.db;
    expect(db.select().from(requests).all()).toHaveLength(1);
    expect(db.select().from(submissions).all()).toHaveLength(3);
    expect(db.select().from(items).all()).toHaveLength(4);
    expect(
      db
        .select()
        .from(events)
        .all()
        .map((e) => e.type),
    ).toEqual(['created', 'routed', 'routed', 'routed']);
  });

  it('stores no token, contact detail or explanation in clear', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }] });
    const res = await call(s.app, 'POST', '/api/v1/requests', {
      body: requestBody(['https://alpha.test/p/1'], {
        explanation: 'a very private explanation',
        reporter: { role: 'victim', name: 'Zoë Secret', email: 'zoe@example.org', phone: '+32 470 12 34 56' },
      }),
    });
    expect(res.status).toBe(201);
    const dump = JSON.stringify(s.database.sqlite.prepare('SELECT * FROM requests').all());
    for (const secret of [res.json.statusToken, 'a very private explanation', 'Zoë Secret', 'zoe@example.org', '470 12 34']) {
      expect(dump).not.toContain(secret);
    }
  });

  it.each([
    ['the reporter says so', { urgent: true }],
    ['a child is involved', { minorInvolved: true }],
    ['child sexual abuse', { category: 'child_sexual_abuse' }],
    ['sextortion', { category: 'sextortion' }],
  ])('is urgent when %s', async (_, over) => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }] });
    const res = await call(s.app, 'POST', '/api/v1/requests', { body: requestBody(['https://alpha.test/1'], over) });
    expect(res.json.urgent).toBe(true);
    expect(s.database.db.select().from(submissions).get()?.priority).toBe(1);
  });

  it('merges duplicate links', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }] });
    const res = await call(s.app, 'POST', '/api/v1/requests', {
      body: requestBody(['https://alpha.test/1', 'https://ALPHA.test/1', 'https://alpha.test:443/1']),
    });
    expect(res.json.submissions[0].urls).toEqual(['https://alpha.test/1']);
  });

  it('gives the most specific configured domain the URL', async () => {
    const s = createTestServices({
      platforms: [
        { id: 'parent', domains: ['example.test'] },
        { id: 'child', domains: ['cdn.example.test'] },
      ],
    });
    const res = await call(s.app, 'POST', '/api/v1/requests', {
      body: requestBody(['https://img.cdn.example.test/a.jpg', 'https://www.example.test/b']),
    });
    expect(res.json.submissions.map((x: any) => x.platform)).toEqual(['child', 'parent']);
  });
});
