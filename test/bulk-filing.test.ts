import { describe, expect, it } from 'vitest';
import { requests, submissions } from '../src/db/schema.js';
import { parseLinks } from '../src/intake/bulk-links.js';
import { seedAccount } from './support/accounts.js';
import { call, createTestServices } from './support/services.js';

const filing = (over: Record<string, unknown>) => ({
  category: 'child_photo_misuse',
  explanation: 'Photos of our members (children) collected on these pages.',
  goodFaith: true,
  locale: 'nl',
  ...over,
});

describe('reading pasted links and CSV', () => {
  it('takes every cell that starts like a link, merges duplicates and ignores headers and other columns', () => {
    const csv = 'title,url,date\n"Camp 2024","https://alpha.test/p/1",2024-07-01\nCamp,https://alpha.test/p/1,x\n;www.beta.test/x;\n';
    expect(parseLinks(csv)).toEqual({ urls: ['https://alpha.test/p/1', 'https://www.beta.test/x'], invalid: [], duplicates: 1 });
  });

  it('reports links that are not valid, with their line', () => {
    const parsed = parseLinks('https://alpha.test/1\nhttps://user:pw@alpha.test/2\nftp://nope');
    expect(parsed.urls).toEqual(['https://alpha.test/1']);
    expect(parsed.invalid).toEqual([
      { line: 2, text: 'https://user:pw@alpha.test/2', message: 'must not contain a user name or password' },
    ]);
  });
});

describe('organisation bulk filing', () => {
  it('previews the routing per platform without storing anything', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }, { id: 'beta', channel: { type: 'manual' } }] });
    const org = await seedAccount(s, 'organisation', { name: 'Chiro Zuid' });
    const res = await call(s.app, 'POST', '/api/v1/bulk-requests/preview', {
      token: org.apiKey,
      body: filing({ links: 'https://alpha.test/1\nhttps://beta.test/2\nhttps://alpha.test/3\nhttps://club.example.be/a' }),
    });
    expect(res.status).toBe(200);
    expect(res.json.urgent).toBe(false);
    expect(res.json.groups.map((g: any) => [g.platform, g.handling, g.urls.length])).toEqual([
      ['alpha', 'sent_automatically', 2],
      ['beta', 'manual_web_form', 1],
      ['host:example.be', 'hosting_provider', 1],
    ]);
    expect(s.database.db.select().from(requests).all()).toHaveLength(0);
  });

  it('files 1,000 links as one case owned by the organisation, one submission per platform', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }, { id: 'beta' }] });
    const org = await seedAccount(s, 'organisation', { name: 'Chiro Zuid' });
    const links = Array.from({ length: 1000 }, (_, i) => `https://${i % 2 ? 'alpha' : 'beta'}.test/photo/${i}`).join('\n');
    const res = await call(s.app, 'POST', '/api/v1/bulk-requests', { token: org.apiKey, body: filing({ links }) });
    expect(res.status).toBe(201);
    expect(res.json.submissions.map((x: any) => [x.platform, x.urls.length])).toEqual([
      ['beta', 500],
      ['alpha', 500],
    ]);
    const stored = s.database.db.select().from(requests).all();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.accountId).toBe(org.id);
    expect(s.database.db.select().from(submissions).all()).toHaveLength(2);
    const own = await call(s.app, 'GET', '/api/v1/requests', { token: org.apiKey });
    expect(own.json.items.map((r: any) => r.reference)).toEqual([res.json.reference]);
  });

  it('stores nothing when one link is bad or there are more than 1,000', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }] });
    const org = await seedAccount(s, 'organisation');
    const bad = await call(s.app, 'POST', '/api/v1/bulk-requests', {
      token: org.apiKey,
      body: filing({ links: 'https://alpha.test/1\nhttps://u:p@alpha.test/2' }),
    });
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0]).toEqual({
      path: '/links/line/2',
      message: 'https://u:p@alpha.test/2: must not contain a user name or password',
    });
    // A flag written another way is refused by name, not dropped (the case would lose its urgency).
    const misspelt = await call(s.app, 'POST', '/api/v1/bulk-requests', {
      token: org.apiKey,
      body: { ...filing({ links: 'https://alpha.test/1' }), minor_involved: true },
    });
    expect(misspelt.status).toBe(400);
    expect(misspelt.json.errors).toEqual([{ path: '/minor_involved', message: 'unknown field: did you mean "minorInvolved"?' }]);
    const many = Array.from({ length: 1001 }, (_, i) => `https://alpha.test/${i}`).join('\n');
    const tooMany = await call(s.app, 'POST', '/api/v1/bulk-requests', { token: org.apiKey, body: filing({ links: many }) });
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.errors[0].message).toContain('at most 1000');
    expect(s.database.db.select().from(requests).all()).toHaveLength(0);
  });

  it('needs an account key', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }] });
    const res = await call(s.app, 'POST', '/api/v1/bulk-requests', { body: filing({ links: 'https://alpha.test/1' }) });
    expect(res.status).toBe(401);
  });
});
