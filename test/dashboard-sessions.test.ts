import { describe, expect, it } from 'vitest';
import { channelTypes, locales, reporterRoles } from '../platforms/types.js';
import { eventTypes, submissionStatuses } from '../src/cases/event-types.js';
import { auditLog, events, requests, sessions } from '../src/db/schema.js';
import type { AdminUi } from '../src/web/admin/frame.js';
import { channelLabel, eventLabel, roleLabel, submissionStatusLabel } from '../src/web/admin/pages/parts.js';
import { adminTranslator } from '../src/web/admin/translate.js';
import { seedAccount } from './support/accounts.js';
import { dashboardClient } from './support/dashboard.js';
import { call, createTestServices, requestBody } from './support/services.js';

describe('caseworker sign-in and sessions', () => {
  it('sends a visitor without a session to the sign-in page, then back where they were going', async () => {
    const s = createTestServices();
    await seedAccount(s, 'caseworker', { login: 'cw@example.org' });
    const browser = dashboardClient(s);
    const first = await browser.get('/admin/manual');
    expect(first.status).toBe(303);
    expect(first.location).toBe('/admin/sign-in?next=%2Fadmin%2Fmanual');
    const page = await browser.get(first.location!);
    const signedIn = await browser.post('/admin/sign-in', {
      login: 'CW@example.org',
      password: 'correct horse battery staple',
      csrf: browser.csrfOf(page.text),
      next: '/admin/manual',
    });
    expect(signedIn.status).toBe(303);
    expect(signedIn.location).toMatch(/^\/admin\/manual\?lang=/);
    expect((await browser.get('/admin/manual')).status).toBe(200);
  });

  it('sets an HttpOnly, SameSite=Strict cookie, Secure and __Host- over TLS, and stores only its hash', async () => {
    const s = createTestServices();
    await seedAccount(s, 'caseworker', { login: 'cw@example.org' });
    const plain = dashboardClient(s);
    const res = await plain.signIn('cw@example.org');
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('td_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toMatch(/Secure/);
    const tls = dashboardClient(s, 'https://dashboard.example');
    const secured = await tls.signIn('cw@example.org');
    const secureCookie = secured.headers.getSetCookie().find((c) => c.startsWith('__Host-td_session='))!;
    expect(secureCookie).toMatch(/Secure/);
    expect(secureCookie).toMatch(/Path=\//);
    const token = plain.jar.get('td_session')!;
    expect(JSON.stringify(s.database.db.select().from(sessions).all())).not.toContain(token);
  });

  it('refuses wrong passwords the same way for unknown logins, and locks with a growing back-off', async () => {
    const s = createTestServices();
    await seedAccount(s, 'caseworker', { login: 'cw@example.org' });
    const browser = dashboardClient(s);
    const unknown = await browser.signIn('nobody@example.org', 'whatever it is here');
    expect(unknown.status).toBe(400);
    for (let i = 0; i < 5; i++) expect((await browser.signIn('cw@example.org', 'wrong password!!')).status).toBe(400);
    // Locked now: even the right password is refused until the back-off has passed.
    const locked = await browser.signIn('cw@example.org');
    expect(locked.status).toBe(429);
    s.clock.advance(31_000);
    expect((await browser.signIn('cw@example.org', 'wrong again!!!!')).status).toBe(400);
    s.clock.advance(31_000);
    expect((await browser.signIn('cw@example.org')).status).toBe(429); // the lock doubled to 60 s
    s.clock.advance(30_000);
    expect((await browser.signIn('cw@example.org')).status).toBe(303);
    const failed = s.database.db
      .select()
      .from(auditLog)
      .all()
      .filter((a) => a.action === 'sign_in_failed');
    expect(failed.length).toBeGreaterThanOrEqual(7);
  });

  it('ends a session after the idle time-out and after the absolute maximum', async () => {
    const s = createTestServices({ config: { SESSION_IDLE_MINUTES: 30, SESSION_MAX_HOURS: 2 } });
    await seedAccount(s, 'caseworker', { login: 'cw@example.org' });
    const browser = dashboardClient(s);
    await browser.signIn('cw@example.org');
    s.clock.advance(29 * 60_000);
    expect((await browser.get('/admin')).status).toBe(200);
    s.clock.advance(31 * 60_000);
    expect((await browser.get('/admin')).status).toBe(303);

    await browser.signIn('cw@example.org');
    for (let i = 0; i < 4; i++) {
      s.clock.advance(25 * 60_000);
      expect((await browser.get('/admin')).status).toBe(200);
    }
    s.clock.advance(25 * 60_000); // 2 h 5 min after sign-in, though active all along (last seen 25 min ago)
    expect((await browser.get('/admin')).status).toBe(303);
  });

  it('signs out for good: the old cookie opens nothing afterwards', async () => {
    const s = createTestServices();
    await seedAccount(s, 'caseworker', { login: 'cw@example.org' });
    const browser = dashboardClient(s);
    await browser.signIn('cw@example.org');
    const token = browser.jar.get('td_session')!;
    const page = await browser.get('/admin');
    await browser.post('/admin/sign-out', { csrf: browser.csrfOf(page.text) });
    const replay = await s.app.request('http://localhost/admin', { headers: { cookie: `td_session=${token}` }, redirect: 'manual' });
    expect(replay.status).toBe(303);
  });
});

describe('dashboard actions', () => {
  async function caseworkerWithCase() {
    const s = createTestServices({ platforms: [{ id: 'beta', channel: { type: 'manual', formUrl: 'https://beta.test/report' } }] });
    const cw = await seedAccount(s, 'caseworker', { login: 'cw@example.org', name: 'Caseworker Ann' });
    const filed = await call(s.app, 'POST', '/api/v1/requests', { body: requestBody(['https://beta.test/p/1']) });
    const browser = dashboardClient(s);
    await browser.signIn('cw@example.org');
    return { s, cw, browser, reference: filed.json.reference as string, submissionId: filed.json.submissions[0].id as string };
  }

  it('refuses a post without this session’s CSRF token and changes nothing', async () => {
    const { s, browser, reference } = await caseworkerWithCase();
    const res = await browser.post(`/admin/cases/${reference}/note`, { text: 'forged', csrf: 'nope' });
    expect(res.status).toBe(303);
    expect(res.location).toContain('msg=csrf');
    expect(
      s.database.db
        .select()
        .from(events)
        .all()
        .filter((e) => e.type === 'note'),
    ).toHaveLength(0);
  });

  it('refuses a post from another origin', async () => {
    const { s, browser, reference } = await caseworkerWithCase();
    const page = await browser.get(`/admin/cases/${reference}`);
    const res = await s.app.request(`http://localhost/admin/cases/${reference}/note`, {
      method: 'POST',
      headers: {
        cookie: `td_session=${browser.jar.get('td_session')}`,
        origin: 'https://evil.example',
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ text: 'forged', csrf: browser.csrfOf(page.text) }).toString(),
    });
    expect(res.status).toBe(403);
    expect(
      s.database.db
        .select()
        .from(events)
        .all()
        .filter((e) => e.type === 'note'),
    ).toHaveLength(0);
  });

  it('logs each view of the contact details, and records every action with who did it', async () => {
    const { s, cw, browser, reference, submissionId } = await caseworkerWithCase();
    const page = await browser.get(`/admin/cases/${reference}`);
    expect(page.text).toContain('person@example.org');
    expect(
      s.database.db
        .select()
        .from(auditLog)
        .all()
        .filter((a) => a.action === 'contact_viewed'),
    ).toHaveLength(1);
    const csrf = browser.csrfOf(page.text);
    expect((await browser.post(`/admin/cases/${reference}/filed`, { submissionId, ticketId: 'BETA-77', csrf })).location).toContain(
      'msg=done',
    );
    expect(
      (await browser.post(`/admin/cases/${reference}/outcome`, { submissionId, outcome: 'removed', note: 'gone', csrf })).location,
    ).toContain('msg=done');
    expect((await browser.post(`/admin/cases/${reference}/note`, { text: 'called the platform', csrf })).location).toContain('msg=done');
    expect((await browser.post(`/admin/cases/${reference}/escalate`, { submissionId, text: 'to the regulator', csrf })).location).toContain(
      'msg=done',
    );
    // Not while the case is open: a notice still to go out would leave without its explanation.
    expect((await browser.post(`/admin/cases/${reference}/purge`, { csrf })).location).toContain('msg=notNow');
    expect(s.database.db.select().from(requests).get()!.personalDataPurgedAt).toBeNull();
    expect((await browser.get(`/admin/cases/${reference}`)).text).toContain('Personal data can be erased at once after the case is closed');
    expect((await browser.post(`/admin/cases/${reference}/close`, { reason: 'all gone', csrf })).location).toContain('msg=done');
    expect((await browser.post(`/admin/cases/${reference}/purge`, { csrf })).location).toContain('msg=done');
    const mine = s.database.db
      .select()
      .from(events)
      .all()
      .filter((e) => e.actor === `account:${cw.id}`)
      .map((e) => e.type);
    expect(mine).toEqual(['submitted', 'removed', 'note', 'escalated', 'closed', 'purged']);
    const after = await call(s.app, 'GET', `/api/v1/requests/${reference}`, { token: cw.apiKey });
    expect(after.json.status).toBe('closed');
    expect(after.json.submissions[0]).toMatchObject({ status: 'removed', ticketId: 'BETA-77' });
    expect((await browser.get(`/admin/cases/${reference}`)).text).not.toContain('person@example.org');
  });

  it('speaks of a case in the dashboard’s language: notice states, events, the reporter’s role, views', async () => {
    const { browser, reference } = await caseworkerWithCase();
    const page = await browser.get(`/admin/cases/${reference}?lang=nl`);
    expect(page.status).toBe(200);
    // The notice waits for a person to fill in beta's web form; the case was filed and routed.
    expect(page.text).toContain('webformulier in te vullen');
    expect(page.text).toContain('<strong>ingediend</strong>');
    expect(page.text).toContain('<strong>doorgestuurd</strong>');
    expect(page.text).toContain('de betrokken persoon');
    expect(page.text).toContain('contactgegevens geopend');
    expect(page.text).toContain('(webformulier, met de hand ingevuld)');
    // The work queue's channel filter names every channel, the hosting provider's among them.
    const queue = await browser.get('/admin?lang=nl');
    expect(queue.text).toContain('<option value="host">misbruikadres van de hostingprovider</option>');
    expect(queue.text).toContain('<option value="http">meldings-API</option>');
    // Nothing of the stored codes is left for a Dutch-speaking caseworker to decipher.
    expect(page.text).not.toMatch(/manual pending|>\s*created\s*<|>\s*routed\s*<|contact viewed|>victim<|\(manual\)/);
  });

  it('shows an organisation its cases in its language too', async () => {
    const s = createTestServices({ platforms: [{ id: 'beta', channel: { type: 'manual', formUrl: 'https://beta.test/report' } }] });
    const org = await seedAccount(s, 'organisation', { login: 'chiro@example.org', name: 'Chiro Zuid' });
    const filed = await call(s.app, 'POST', '/api/v1/requests', {
      token: org.apiKey,
      body: requestBody(['https://beta.test/p/1'], { category: 'child_photo_misuse', reporter: undefined }),
    });
    expect(filed.status).toBe(201);
    const browser = dashboardClient(s);
    await browser.signIn('chiro@example.org');
    const home = await browser.get('/org?lang=de');
    expect(home.text).toContain('1 Webformular auszufüllen');
    const page = await browser.get(`/org/cases/${filed.json.reference}?lang=de`);
    expect(page.text).toContain('Webformular auszufüllen');
    expect(page.text).toContain('<strong>eingereicht</strong>');
    expect(page.text).not.toMatch(/manual pending|>\s*created\s*</);
  });

  it('gives each platform’s response times on the scorecard in the caseworker’s language', async () => {
    const { s, browser, reference, submissionId } = await caseworkerWithCase();
    const csrf = browser.csrfOf((await browser.get(`/admin/cases/${reference}`)).text);
    await browser.post(`/admin/cases/${reference}/filed`, { submissionId, ticketId: 'BETA-9', csrf });
    s.clock.advance(150 * 60_000);
    // The session has lapsed meanwhile: a caseworker signs in again to record the removal.
    await browser.signIn('cw@example.org');
    const again = browser.csrfOf((await browser.get(`/admin/cases/${reference}`)).text);
    await browser.post(`/admin/cases/${reference}/outcome`, { submissionId, outcome: 'removed', note: 'gone', csrf: again });
    const page = await browser.get('/admin/scorecard?lang=fr');
    expect(page.status).toBe(200);
    // Answered (by its removal) two and a half hours after it was filed: time to an answer, and the
    // median and 90th percentile of time to removal, of one notice.
    expect(page.text.replace(/\u202f/g, ' ').match(/2,5 h/g)).toHaveLength(3);
    expect(page.text).not.toContain('2.5 h');
  });

  it('holds an organisation’s web filings to its allowance, keeping what was pasted', async () => {
    const s = createTestServices({ platforms: [{ id: 'beta' }], config: { URLS_PER_DAY_PER_KEY: 1 } });
    await seedAccount(s, 'organisation', { login: 'chiro@example.org', name: 'Chiro Zuid' });
    const browser = dashboardClient(s);
    await browser.signIn('chiro@example.org');
    const send = async (link: string) => {
      const page = await browser.get('/org/file?lang=nl');
      const form = { links: link, category: 'child_photo_misuse', explanation: 'Foto’s van leden.', goodFaith: 'true', intent: 'send' };
      return browser.post('/org/file?lang=nl', { ...form, csrf: browser.csrfOf(page.text) });
    };
    expect((await send('https://beta.test/p/1')).status).toBe(200);
    const refused = await send('https://beta.test/p/2');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(refused.text).toContain('Uw organisatie heeft op dit moment meer gemeld dan toegestaan');
    expect(refused.text).toContain('https://beta.test/p/2');
    expect(s.database.sqlite.prepare('SELECT count(*) FROM requests').pluck().get()).toBe(1);
  });

  it('tells an organisation what is wrong with a filing in its language, keeping what it pasted', async () => {
    const s = createTestServices({ platforms: [{ id: 'beta' }] });
    await seedAccount(s, 'organisation', { login: 'chiro@example.org', name: 'Chiro Zuid' });
    const browser = dashboardClient(s);
    await browser.signIn('chiro@example.org');
    const post = async (form: Record<string, string>) => {
      const page = await browser.get('/org/file?lang=fr');
      return browser.post('/org/file?lang=fr', {
        category: 'child_photo_misuse',
        intent: 'preview',
        ...form,
        csrf: browser.csrfOf(page.text),
      });
    };
    const unsure = await post({ links: 'https://beta.test/p/1' });
    expect(unsure.status).toBe(400);
    expect(unsure.text).toContain('Confirmez la déclaration de bonne foi avant d’envoyer.');
    expect(unsure.text).not.toContain('must be true');

    const nothing = await post({ links: 'pas un lien\nftp://x.y/z', goodFaith: 'true' });
    expect(nothing.text).toContain('Aucun lien trouvé : collez un lien par ligne.');
    expect(nothing.text).toContain('pas un lien\nftp://x.y/z');

    const withCredentials = await post({ links: 'https://beta.test/p/1\nhttps://user:pw@beta.test/p/2', goodFaith: 'true' });
    expect(withCredentials.text).toContain('un lien ne peut pas contenir de nom d’utilisateur ni de mot de passe');
    expect(withCredentials.text).not.toContain('must not contain');
  });

  it('has words in every language for every state, event and role a case can have', () => {
    for (const locale of locales) {
      const t = adminTranslator(locale);
      const ui = { t, locale } as unknown as AdminUi;
      const said = [
        ...submissionStatuses.map((s) => submissionStatusLabel(ui, s)),
        ...eventTypes.map((e) => eventLabel(ui, e)),
        ...reporterRoles.map((r) => roleLabel(ui, r)),
        ...channelTypes.map((c) => channelLabel(ui, c)),
      ];
      // i18next answers a missing key with the key itself; the English words are the fallback.
      for (const words of said) expect(words).not.toMatch(/^(submission|event|role|channel)\./);
    }
    // A state newer than this build is shown as stored, not hidden.
    expect(submissionStatusLabel({ t: adminTranslator('fr'), locale: 'fr' } as unknown as AdminUi, 'on_hold')).toBe('on hold');
  });

  it('exports the evidence of a case as JSON: every notice with its times and answers', async () => {
    const { s, browser, reference, submissionId } = await caseworkerWithCase();
    const page = await browser.get(`/admin/cases/${reference}`);
    await browser.post(`/admin/cases/${reference}/filed`, { submissionId, ticketId: 'T-1', csrf: browser.csrfOf(page.text) });
    const res = await browser.get(`/admin/cases/${reference}/evidence.json`);
    expect(res.status).toBe(200);
    const record = JSON.parse(res.text);
    expect(record.case.reference).toBe(reference);
    expect(record.notices[0]).toMatchObject({ platform: 'beta', status: 'submitted', ticketId: 'T-1' });
    expect(record.notices[0].notice.urls).toEqual(['https://beta.test/p/1']);
    expect(record.notices[0].timeline.map((e: any) => e.type)).toEqual(['routed', 'submitted']);
    expect(
      s.database.db
        .select()
        .from(auditLog)
        .all()
        .some((a) => a.action === 'evidence_exported'),
    ).toBe(true);
    expect((await browser.get(`/admin/cases/${reference}/evidence`)).status).toBe(200);
  });

  it('lets an admin create an account from the dashboard, its key shown once and working at once', async () => {
    const s = createTestServices();
    await seedAccount(s, 'admin', { login: 'admin@hotline.example' });
    const browser = dashboardClient(s);
    await browser.signIn('admin@hotline.example');
    const page = await browser.get('/admin/accounts');
    expect(page.status).toBe(200);
    const created = await browser.post('/admin/accounts', { name: 'Chiro Noord', role: 'organisation', csrf: browser.csrfOf(page.text) });
    expect(created.status).toBe(200);
    const apiKey = /value="(tdk_[^"]+)"/.exec(created.text)?.[1];
    expect(apiKey).toBeDefined();
    expect((await call(s.app, 'GET', '/api/v1/requests', { token: apiKey })).status).toBe(200);
    expect((await browser.get('/admin/accounts')).text).not.toContain(apiKey!);
  });
});
