import { describe, expect, it } from 'vitest';
import { hashSecret } from '../src/privacy/secrets.js';
import { openApiPath } from '../src/api/openapi/document.js';
import { seedAccount } from './support/accounts.js';
import { call, createTestServices, requestBody } from './support/services.js';

// Who may do what, tried for real: every API endpoint × every kind of caller, each cell on a
// fresh service. Where existence would leak (a case, an admin endpoint), a denial is the same 404
// a missing thing gets.

const callers = ['anonymous', 'statusToken', 'ownerOrg', 'otherOrg', 'caseworker', 'admin', 'revokedKey'] as const;
type CallerKind = (typeof callers)[number];

async function world() {
  const s = createTestServices({ platforms: [{ id: 'alpha' }] });
  const ownerOrg = await seedAccount(s, 'organisation', { name: 'Owner club' });
  const otherOrg = await seedAccount(s, 'organisation', { name: 'Other club' });
  const caseworker = await seedAccount(s, 'caseworker');
  const admin = await seedAccount(s, 'admin');
  const revoked = await seedAccount(s, 'caseworker', { name: 'gone' });
  await call(s.app, 'POST', `/api/v1/accounts/${revoked.id}/keys`, { token: admin.apiKey });
  const filed = await call(s.app, 'POST', '/api/v1/requests', { token: ownerOrg.apiKey, body: requestBody(['https://alpha.test/1']) });
  const other = await call(s.app, 'POST', '/api/v1/requests', { body: requestBody(['https://alpha.test/2']) });
  const tokens: Record<CallerKind, string | undefined> = {
    anonymous: undefined,
    statusToken: filed.json.statusToken,
    ownerOrg: ownerOrg.apiKey,
    otherOrg: otherOrg.apiKey,
    caseworker: caseworker.apiKey,
    admin: admin.apiKey,
    revokedKey: revoked.apiKey,
  };
  return {
    s,
    tokens,
    reference: filed.json.reference as string,
    submissionId: filed.json.submissions[0].id as string,
    otherReference: other.json.reference as string,
    target: otherOrg,
  };
}
type World = Awaited<ReturnType<typeof world>>;

interface Row {
  method: string;
  path: string;
  request: (w: World) => { path: string; body?: unknown };
  expect: Record<CallerKind, number>;
  /** What a caller that got 200 must (not) see. */
  check?: (w: World, caller: CallerKind, json: any) => void;
}

const all = (status: number, over: Partial<Record<CallerKind, number>> = {}) =>
  ({ ...Object.fromEntries(callers.map((c) => [c, status])), ...over }) as Record<CallerKind, number>;
const adminOnly = (ok: number) => all(404, { anonymous: 401, statusToken: 401, revokedKey: 401, admin: ok });
const anyAccount = (ok: number) => all(ok, { anonymous: 401, statusToken: 401, revokedKey: 401 });
const filing = { category: 'child_photo_misuse', links: 'https://alpha.test/9', goodFaith: true };

const rows: Row[] = [
  { method: 'GET', path: '/healthz', request: () => ({ path: '/healthz' }), expect: all(200) },
  { method: 'GET', path: '/metrics', request: () => ({ path: '/metrics' }), expect: all(200) },
  { method: 'GET', path: '/openapi.json', request: () => ({ path: '/openapi.json' }), expect: all(200) },
  { method: 'GET', path: '/api/v1/platforms', request: () => ({ path: '/api/v1/platforms' }), expect: all(200) },
  {
    method: 'POST',
    path: '/api/v1/requests',
    request: () => ({ path: '/api/v1/requests', body: requestBody(['https://alpha.test/5']) }),
    expect: all(201, { statusToken: 401, revokedKey: 401 }),
  },
  {
    method: 'GET',
    path: '/api/v1/requests',
    request: () => ({ path: '/api/v1/requests' }),
    expect: anyAccount(200),
    check: (w, caller, json) => {
      const refs = json.items.map((i: any) => i.reference);
      if (caller === 'ownerOrg') expect(refs).toEqual([w.reference]);
      if (caller === 'otherOrg') expect(refs).toEqual([]);
      if (caller === 'caseworker' || caller === 'admin') expect(refs.sort()).toEqual([w.reference, w.otherReference].sort());
    },
  },
  {
    method: 'GET',
    path: '/api/v1/requests/:reference',
    request: (w) => ({ path: `/api/v1/requests/${w.reference}` }),
    expect: all(200, { anonymous: 404, otherOrg: 404, revokedKey: 404 }),
  },
  {
    method: 'POST',
    path: '/api/v1/requests/:reference/withdraw',
    request: (w) => ({ path: `/api/v1/requests/${w.reference}/withdraw` }),
    expect: all(200, { anonymous: 404, ownerOrg: 404, otherOrg: 404, revokedKey: 404 }),
  },
  {
    method: 'GET',
    path: '/api/v1/requests/:reference/evidence',
    request: (w) => ({ path: `/api/v1/requests/${w.reference}/evidence` }),
    expect: all(404, { caseworker: 200, admin: 200 }),
    check: (w, _caller, json) => expect(json.case.reference).toBe(w.reference),
  },
  {
    method: 'POST',
    path: '/api/v1/requests/:reference/submissions/:submissionId/outcome',
    request: (w) => ({
      path: `/api/v1/requests/${w.reference}/submissions/${w.submissionId}/outcome`,
      body: { outcome: 'note', note: 'called' },
    }),
    expect: all(404, { caseworker: 200, admin: 200 }),
  },
  {
    method: 'GET',
    path: '/api/v1/stats/platforms',
    request: () => ({ path: '/api/v1/stats/platforms' }),
    expect: all(403, { anonymous: 401, statusToken: 401, revokedKey: 401, caseworker: 200, admin: 200 }),
  },
  {
    method: 'POST',
    path: '/api/v1/bulk-requests/preview',
    request: () => ({ path: '/api/v1/bulk-requests/preview', body: filing }),
    expect: anyAccount(200),
  },
  {
    method: 'POST',
    path: '/api/v1/bulk-requests',
    request: () => ({ path: '/api/v1/bulk-requests', body: filing }),
    expect: anyAccount(201),
  },
  {
    method: 'POST',
    path: '/api/v1/webhooks/:platformId',
    request: () => ({ path: '/api/v1/webhooks/alpha', body: { noticeId: 'x', status: 'removed' } }),
    expect: all(401),
  },
  { method: 'GET', path: '/api/v1/accounts', request: () => ({ path: '/api/v1/accounts' }), expect: adminOnly(200) },
  {
    method: 'POST',
    path: '/api/v1/accounts',
    request: () => ({ path: '/api/v1/accounts', body: { role: 'caseworker', name: 'New' } }),
    expect: adminOnly(201),
  },
  {
    method: 'POST',
    path: '/api/v1/accounts/:id/keys',
    request: (w) => ({ path: `/api/v1/accounts/${w.target.id}/keys` }),
    expect: adminOnly(201),
  },
  {
    method: 'DELETE',
    path: '/api/v1/accounts/:id/keys/:keyId',
    request: (w) => ({ path: `/api/v1/accounts/${w.target.id}/keys/${w.target.apiKey.split('_')[1]}` }),
    expect: adminOnly(204),
  },
  {
    method: 'PUT',
    path: '/api/v1/accounts/:id/password',
    request: (w) => ({
      path: `/api/v1/accounts/${w.target.id}/password`,
      body: { login: 'club@example.org', password: 'long enough secret phrase' },
    }),
    expect: adminOnly(204),
  },
  {
    method: 'POST',
    path: '/api/v1/accounts/:id/disable',
    request: (w) => ({ path: `/api/v1/accounts/${w.target.id}/disable` }),
    expect: adminOnly(200),
  },
];

describe('access matrix: API', () => {
  it('has a row for every API route the app registers', () => {
    const s = createTestServices();
    const isApi = (p: string) => p.startsWith('/api/') || ['/healthz', '/metrics', '/openapi.json'].includes(p);
    const registered = s.app.routes.filter((r) => r.method !== 'ALL' && isApi(r.path)).map((r) => `${r.method} ${openApiPath(r.path)}`);
    const covered = new Set(rows.map((r) => `${r.method} ${openApiPath(r.path)}`));
    expect(registered.filter((r) => !covered.has(r))).toEqual([]);
  });

  for (const row of rows) {
    for (const caller of callers) {
      it(`${row.method} ${row.path} as ${caller} → ${row.expect[caller]}`, async () => {
        const w = await world();
        const { path, body } = row.request(w);
        const res = await call(w.s.app, row.method, path, { token: w.tokens[caller], body });
        expect(res.status, res.text.slice(0, 300)).toBe(row.expect[caller]);
        if (res.status === 404) expect(res.json.title).toBe('Not found');
        if (res.status < 300) row.check?.(w, caller, res.json);
      });
    }
  }
});

describe('telling a status token from an API key', () => {
  it('lets a reporter whose status token happens to begin with tdk_ read and withdraw the case', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }] });
    const filed = await call(s.app, 'POST', '/api/v1/requests', { body: requestBody(['https://alpha.test/1']) });
    // One token in about 17 million begins so; the shape of a status token decides, not the prefix.
    const token = 'tdk_' + 'A'.repeat(39);
    s.database.sqlite.prepare('UPDATE requests SET status_token_hash = ?').run(hashSecret(token));
    const read = await call(s.app, 'GET', `/api/v1/requests/${filed.json.reference}`, { token });
    expect(read.status).toBe(200);
    expect(read.json.reference).toBe(filed.json.reference);
    // Something meant as a key but malformed is still refused as a key.
    expect((await call(s.app, 'GET', '/api/v1/requests', { token: 'tdk_not-a-key' })).status).toBe(401);
  });
});
