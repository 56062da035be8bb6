import { describe, expect, it } from 'vitest';
import { seedAccount } from './support/accounts.js';
import { dashboardClient } from './support/dashboard.js';
import { call, createTestServices, requestBody } from './support/services.js';

// The pages, × every kind of visitor, each cell on a fresh service. Pages take only a session
// cookie: a status token or an API key opens nothing here. Without a session a visitor is sent
// to sign in (303); with one that may not see a page, it is "not found" (404), as a missing
// page or case would be.

const visitors = ['anonymous', 'statusToken', 'ownerOrg', 'otherOrg', 'caseworker', 'admin'] as const;
type Visitor = (typeof visitors)[number];

async function world(visitor: Visitor) {
  const s = createTestServices({ platforms: [{ id: 'beta', channel: { type: 'manual' } }] });
  const owner = await seedAccount(s, 'organisation', { login: 'owner@club.example' });
  await seedAccount(s, 'organisation', { login: 'other@club.example' });
  await seedAccount(s, 'caseworker', { login: 'cw@hotline.example' });
  await seedAccount(s, 'admin', { login: 'admin@hotline.example' });
  const filed = await call(s.app, 'POST', '/api/v1/requests', { token: owner.apiKey, body: requestBody(['https://beta.test/1']) });
  const browser = dashboardClient(s);
  const logins: Partial<Record<Visitor, string>> = {
    ownerOrg: 'owner@club.example',
    otherOrg: 'other@club.example',
    caseworker: 'cw@hotline.example',
    admin: 'admin@hotline.example',
  };
  if (logins[visitor]) expect((await browser.signIn(logins[visitor]!)).status).toBe(303);
  // A page to take a CSRF token from, when the visitor has any page at all.
  const home = visitor === 'ownerOrg' || visitor === 'otherOrg' ? '/org' : '/admin';
  const csrf = browser.csrfOf((await browser.get(home)).text);
  return {
    s,
    browser,
    csrf,
    reference: filed.json.reference as string,
    statusToken: filed.json.statusToken as string,
    submissionId: filed.json.submissions[0].id as string,
  };
}

type World = Awaited<ReturnType<typeof world>>;
const staffPage = { anonymous: 303, statusToken: 303, ownerOrg: 404, otherOrg: 404, caseworker: 200, admin: 200 };
const staffPost = { ...staffPage, caseworker: 303, admin: 303 };
const orgPage = { anonymous: 303, statusToken: 303, ownerOrg: 200, otherOrg: 200, caseworker: 404, admin: 404 };

const pages: Array<{ name: string; run: (w: World) => Promise<{ status: number }>; expect: Record<Visitor, number> }> = [
  { name: 'GET /admin', run: (w) => w.browser.get('/admin'), expect: staffPage },
  { name: 'GET /admin/manual', run: (w) => w.browser.get('/admin/manual'), expect: staffPage },
  { name: 'GET /admin/scorecard', run: (w) => w.browser.get('/admin/scorecard'), expect: staffPage },
  { name: 'GET /admin/cases/:reference', run: (w) => w.browser.get(`/admin/cases/${w.reference}`), expect: staffPage },
  { name: 'GET /admin/cases/:reference/evidence', run: (w) => w.browser.get(`/admin/cases/${w.reference}/evidence`), expect: staffPage },
  {
    name: 'GET /admin/cases/:reference/evidence.json',
    run: (w) => w.browser.get(`/admin/cases/${w.reference}/evidence.json`),
    expect: staffPage,
  },
  {
    name: 'POST /admin/cases/:reference/:action',
    run: (w) => w.browser.post(`/admin/cases/${w.reference}/filed`, { submissionId: w.submissionId, ticketId: 'X', csrf: w.csrf }),
    expect: staffPost,
  },
  {
    name: 'GET /admin/unknown-page',
    run: (w) => w.browser.get('/admin/unknown-page'),
    expect: { ...staffPage, caseworker: 404, admin: 404 },
  },
  { name: 'GET /admin/accounts', run: (w) => w.browser.get('/admin/accounts'), expect: { ...staffPage, caseworker: 404 } },
  {
    name: 'POST /admin/accounts',
    run: (w) => w.browser.post('/admin/accounts', { name: 'New club', role: 'organisation', csrf: w.csrf }),
    expect: { ...staffPost, caseworker: 404, admin: 200 },
  },
  { name: 'GET /org', run: (w) => w.browser.get('/org'), expect: orgPage },
  { name: 'GET /org/file', run: (w) => w.browser.get('/org/file'), expect: orgPage },
  {
    name: 'POST /org/file (preview)',
    run: (w) =>
      w.browser.post('/org/file', { links: 'https://beta.test/2', category: 'other', goodFaith: 'true', intent: 'preview', csrf: w.csrf }),
    expect: orgPage,
  },
  { name: 'GET /org/cases/:reference', run: (w) => w.browser.get(`/org/cases/${w.reference}`), expect: { ...orgPage, otherOrg: 404 } },
];

describe('access matrix: pages', () => {
  for (const page of pages) {
    for (const visitor of visitors) {
      it(`${page.name} as ${visitor} → ${page.expect[visitor]}`, async () => {
        const w = await world(visitor);
        if (visitor === 'statusToken') {
          // The status token as a bearer, or as a cookie guess, opens no page.
          w.browser.jar.set('td_session', w.statusToken);
        }
        const res = await page.run(w);
        expect(res.status).toBe(page.expect[visitor]);
        if (res.status === 303 && (visitor === 'anonymous' || visitor === 'statusToken')) {
          expect((res as { location?: string | null }).location).toMatch(/^\/admin\/sign-in/);
        }
      });
    }
  }

  it('shows a case page only when the contact details may be unsealed, and logs nothing otherwise', async () => {
    const w = await world('ownerOrg');
    const res = await w.browser.get(`/admin/cases/${w.reference}`);
    expect(res.status).toBe(404);
    expect(res.text).not.toContain('person@example.org');
    const views = w.s.database.sqlite.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'contact_viewed'").get() as { n: number };
    expect(views.n).toBe(0);
  });
});
