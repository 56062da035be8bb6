import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { builtInPlatforms } from '../platforms/catalogue/index.js';
import { createHotlineAdapter } from '../platforms/hotline.js';
import { createAccount } from '../src/accounts/api-keys.js';
import { findRequestByReference } from '../src/cases/case-view.js';
import { buildEvidence } from '../src/cases/evidence.js';
import { createUnconfiguredMailer } from '../src/mail/smtp-mailer.js';
import { loadDashboardCase } from '../src/web/admin/case-data.js';
import { loadManualWork } from '../src/web/admin/manual-work.js';
import { record, useMsw, type Recorded } from './support/msw.js';
import { call, createTestServices, requestBody } from './support/services.js';

const server = useMsw();
const deps = { now: () => Date.parse('2026-01-05T09:00:00Z'), mailer: createUnconfiguredMailer('takedown@test.invalid') };
const partner = { id: 'partner', channel: { type: 'http' as const, url: 'https://api.partner.test/notices' } };

function services(options: { hotlineUrl?: string } = {}) {
  return createTestServices({
    adapters: [
      ...builtInPlatforms(deps),
      ...(options.hotlineUrl ? [createHotlineAdapter({ url: options.hotlineUrl, name: 'Test Hotline' }, deps)] : []),
    ],
    platforms: [partner],
  });
}

type S = ReturnType<typeof services>;

async function file(s: S, urls: string[], over: Record<string, unknown> = {}, token?: string) {
  const res = await call(s.app, 'POST', '/api/v1/requests', { body: requestBody(urls, over), token });
  expect(res.status).toBe(201);
  return res.json as { reference: string; statusToken: string; submissions: any[] };
}

const view = async (s: S, c: { reference: string; statusToken: string }) =>
  (await call(s.app, 'GET', `/api/v1/requests/${c.reference}`, { token: c.statusToken })).json;

const secretReporter = { role: 'victim', name: 'Zoë Secret-Name', email: 'zoe.secret@example.org', phone: '+32 470 11 22 33' };

describe('child sexual abuse: the national hotline as well', () => {
  it('the hotline notice names every link wherever it is rebuilt: web-form work, case page, evidence', async () => {
    const s = services();
    const urls = ['https://www.instagram.com/p/Cabc/', 'https://partner.test/v/1'];
    const c = await file(s, urls, { category: 'child_sexual_abuse' });
    const request = findRequestByReference(s.database.db, c.reference)!;

    const manual = loadManualWork(s, { limit: 50 }).find((m) => m.platformName === s.registry.get('hotline')!.name)!;
    for (const url of urls) expect(manual.text).toContain(url);

    const hotlineId = c.submissions.find((x) => x.platform === 'hotline').id as string;
    const casePage = loadDashboardCase(s, { request, actor: 'account:test' });
    for (const url of urls) expect(casePage.details.get(hotlineId)!.noticeText).toContain(url);

    const evidence = buildEvidence(
      { db: s.database.db, registry: s.registry, keyring: s.keyring },
      { request, actor: 'account:test', now: s.clock.now() },
    );
    const notice = evidence.notices.find((n) => n.platform === 'hotline')!;
    for (const url of urls) expect(JSON.stringify(notice)).toContain(url);
  });

  it('adds one hotline submission in the same intake; unconfigured, it is a manual task that says so', async () => {
    const s = services();
    const urls = ['https://www.instagram.com/p/Cabc/', 'https://files.unclaimed-host.example/a.jpg', 'https://partner.test/v/1'];
    const c = await file(s, urls, { category: 'child_sexual_abuse', reporter: secretReporter });
    expect(c.submissions.map((x) => [x.platform, x.channel, x.status])).toEqual([
      ['instagram', 'manual', 'manual_pending'],
      ['host:unclaimed-host.example', 'host', 'queued'],
      ['partner', 'http', 'queued'],
      ['hotline', 'manual', 'manual_pending'],
    ]);
    expect(c.submissions.at(-1).urls).toEqual(urls);

    const v = await view(s, c);
    // The links are counted once: the hotline has no items of its own.
    expect(v.items).toHaveLength(3);
    expect(v.items.map((i: any) => i.platform)).not.toContain('hotline');
    const hotline = v.submissions.find((x: any) => x.platform === 'hotline');
    expect(hotline.urls).toEqual(urls);
    expect(hotline.manualTask.formUrl).toBe('https://www.stopchildporno.be/');
    expect(hotline.manualTask.checklist.join('\n')).toMatch(/HOTLINE_URL or HOTLINE_EMAIL/);
    expect(v.events.some((e: any) => e.type === 'routed' && e.platform === 'hotline' && /no hotline destination/.test(e.detail))).toBe(
      true,
    );
    // Nothing shown or prepared for anyone carries the reporter's identity.
    const shown = JSON.stringify(v.submissions.map((x: any) => x.manualTask ?? null));
    expect(shown).not.toContain('Zoë');
    expect(shown).not.toContain('zoe.secret');
    expect(shown).not.toContain('11 22 33');
    const insta = v.submissions.find((x: any) => x.platform === 'instagram');
    expect(insta.manualTask.formName).toMatch(/child sexual exploitation/i);
    expect(insta.manualTask.checklist[0]).toMatch(/never enter the reporter/);
  });

  it('sends to a configured http hotline and the platform, without the reporter, for every link', async () => {
    const seen: Record<string, Recorded[]> = { hotline: [], partner: [] };
    server.use(
      http.post('https://hotline.test/api/reports', async ({ request }) => {
        seen.hotline!.push(await record(request));
        return HttpResponse.json({ ticketId: 'HL-1' }, { status: 201 });
      }),
      http.post('https://api.partner.test/notices', async ({ request }) => {
        seen.partner!.push(await record(request));
        return HttpResponse.json({ ticketId: 'P-1' }, { status: 201 });
      }),
    );
    const s = services({ hotlineUrl: 'https://hotline.test/api/reports' });
    const c = await file(s, ['https://partner.test/v/1', 'https://t.me/c/2'], { category: 'child_sexual_abuse', reporter: secretReporter });
    await s.worker.drain();
    expect(seen.hotline).toHaveLength(1);
    expect(seen.partner).toHaveLength(1);
    expect(seen.hotline![0]!.body).toMatchObject({
      reference: c.reference,
      category: 'child_sexual_abuse',
      urgent: true,
      reporter: null,
      urls: ['https://partner.test/v/1', 'https://t.me/c/2'],
    });
    expect(seen.partner![0]!.body.reporter).toBeNull();
    expect(JSON.stringify(seen)).not.toContain('Zoë');
    const v = await view(s, c);
    expect(v.submissions.find((x: any) => x.platform === 'hotline')).toMatchObject({
      channel: 'http',
      status: 'submitted',
      ticketId: 'HL-1',
    });
  });

  it.each(['intimate_image', 'sextortion', 'harassment', 'child_photo_misuse', 'other'])('adds no hotline for %s', async (category) => {
    const s = services();
    const c = await file(s, ['https://www.tiktok.com/@a/video/1'], { category });
    expect(c.submissions.map((x) => x.platform)).toEqual(['tiktok']);
  });
});

describe('intimate images of an adult', () => {
  it('picks the platform’s intimate-image form and lists the on-device hash-matching programmes', async () => {
    const s = services();
    const c = await file(s, ['https://www.instagram.com/p/Cabc/', 'https://x.com/a/status/1'], { category: 'intimate_image' });
    const v = await view(s, c);
    expect(v.submissions.find((x: any) => x.platform === 'instagram').manualTask).toMatchObject({
      formUrl: 'https://www.facebook.com/help/contact/634636250523119',
      verified: false,
    });
    expect(v.submissions.find((x: any) => x.platform === 'x').manualTask.formName).toMatch(/intimate media/);
    expect(v.hashMatching.map((p: any) => [p.id, p.url, p.imagesTakenAs])).toEqual([
      ['stopncii', 'https://stopncii.org/', 'adult'],
      ['take_it_down', 'https://takeitdown.ncmec.org/', 'minor'],
    ]);
  });

  it('offers only Take It Down when a minor is involved, and nothing for other categories', async () => {
    const s = services();
    const minor = await file(s, ['https://www.tiktok.com/@a/video/1'], { category: 'sextortion', minorInvolved: true });
    expect((await view(s, minor)).hashMatching.map((p: any) => p.id)).toEqual(['take_it_down']);
    const harassment = await file(s, ['https://www.tiktok.com/@a/video/2'], { category: 'harassment' });
    expect((await view(s, harassment)).hashMatching).toEqual([]);
    const csam = await file(s, ['https://www.tiktok.com/@a/video/3'], { category: 'child_sexual_abuse' });
    expect((await view(s, csam)).hashMatching).toEqual([]);
  });
});

describe('children’s photos misused (a youth movement)', () => {
  it('files as the organisation, cites GDPR art. 17 erasure and picks the privacy form', async () => {
    const bodies: any[] = [];
    server.use(
      http.post('https://api.partner.test/notices', async ({ request }) => {
        bodies.push(await request.json());
        return HttpResponse.json({ ticketId: 'P-2' });
      }),
    );
    const s = services();
    const { apiKey } = createAccount(s.database.db, { role: 'organisation', name: 'Scouts Sint-Jan', now: s.clock.now() });
    const c = await file(
      s,
      ['https://partner.test/album/kamp', 'https://www.facebook.com/photo/?fbid=1'],
      {
        category: 'child_photo_misuse',
        locale: 'nl',
        reporter: { role: 'parent_or_guardian', name: 'Jan Peeters', email: 'leiding@scouts.test', phone: '+32 470 00 00 01' },
      },
      apiKey,
    );
    await s.worker.drain();
    expect(bodies[0].reporter).toEqual({ role: 'organisation', name: 'Scouts Sint-Jan', email: 'leiding@scouts.test' });
    const v = (await call(s.app, 'GET', `/api/v1/requests/${c.reference}`, { token: apiKey })).json;
    const task = v.submissions.find((x: any) => x.platform === 'facebook').manualTask;
    expect(task.formUrl).toBe('https://www.facebook.com/help/contact/567360146613371');
    expect(task.text).toContain('artikel 17 van de Algemene Verordening Gegevensbescherming');
    expect(task.text).toContain('een organisatie · Scouts Sint-Jan · leiding@scouts.test');
    expect(task.text).not.toContain('Jan Peeters');
  });

  it('keeps the reporter as given when nobody files with an organisation key', async () => {
    const s = services();
    const c = await file(s, ['https://www.facebook.com/photo/?fbid=2'], {
      category: 'child_photo_misuse',
      locale: 'en',
      reporter: { role: 'parent_or_guardian', name: 'A. Parent', email: 'parent@example.org' },
    });
    const task = (await view(s, c)).submissions[0].manualTask;
    expect(task.text).toContain('a parent or guardian · A. Parent · parent@example.org');
    expect(task.text).toContain('Article 17 of the General Data Protection Regulation');
  });
});

describe('GET /api/v1/platforms', () => {
  it('lists every built-in platform with its channel, domains and response clock', async () => {
    const s = services();
    const res = await call(s.app, 'GET', '/api/v1/platforms');
    expect(res.status).toBe(200);
    const telegram = res.json.find((p: any) => p.id === 'telegram');
    expect(telegram).toMatchObject({ channel: 'email', responseHours: { acknowledge: 48, remove: 72 }, verified: false });
    expect(telegram.domains).toContain('t.me');
    expect(res.json.find((p: any) => p.id === 'partner').responseHours).toEqual({ acknowledge: 48, remove: 168 });
    expect(res.json.map((p: any) => p.id)).not.toContain('hotline');
    expect(res.json).toHaveLength(24);
  });
});
