import { randomBytes } from 'node:crypto';
import { http, HttpResponse } from 'msw';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { locales } from '../platforms/types.js';
import { events, requests, submissions } from '../src/db/schema.js';
import { eventWords, submissionNext, submissionState } from '../src/web/case-words.js';
import { readCatalogue, translatorFor } from '../src/web/i18n.js';
import { requeueSubmission } from '../src/cases/actions/requeue-submission.js';
import { refusalReason } from '../src/cases/refusal-reason.js';
import { purgePersonalData } from '../src/retention/purge-personal-data.js';
import { useMsw } from './support/msw.js';
import { call, createTestServices, fileRequest, requestBody, type TestServices } from './support/services.js';

const server = useMsw();

// The pages through app.request(): languages, headers, CSRF, the shared rate limit, how the
// schema's answers become field messages, and that a refused post changes nothing.

const ORIGIN = 'http://localhost';

function platforms() {
  return [
    { id: 'alpha', name: 'Alpha', domains: ['alpha.test'], channel: { type: 'http' as const, url: 'https://api.alpha.test/notices' } },
    {
      id: 'webform',
      name: 'Webform',
      domains: ['webform.test'],
      channel: { type: 'manual' as const, formUrl: 'https://webform.test/report' },
    },
  ];
}

interface Session {
  cookie: string;
  csrf: string;
  formKey: string;
}

async function openForm(s: TestServices, headers: Record<string, string> = {}): Promise<Session & { html: string }> {
  const res = await s.app.request('/', { headers });
  const html = await res.text();
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  const csrf = /name="csrf" value="([^"]+)"/.exec(html)![1]!;
  const formKey = /name="formKey" value="([^"]+)"/.exec(html)![1]!;
  return { cookie, csrf, formKey, html };
}

const validForm = {
  category: 'intimate_image',
  minorInvolved: 'no',
  urgent: 'no',
  urls: 'https://alpha.test/p/1\nhttps://webform.test/x/2',
  explanation: 'Une photo privée, diffusée sans mon accord.',
  role: 'victim',
  name: '',
  email: 'personne@example.org',
  phone: '',
  goodFaith: 'yes',
};

async function post(
  s: TestServices,
  path: string,
  fields: Record<string, string>,
  options: { session?: Session; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    origin: ORIGIN,
    'accept-language': 'fr-BE,fr;q=0.9',
    ...options.headers,
  };
  if (options.session) headers.cookie = options.session.cookie;
  const body = new URLSearchParams({
    ...(options.session ? { csrf: options.session.csrf, formKey: options.session.formKey } : {}),
    ...fields,
  }).toString();
  const res = await s.app.request(path, { method: 'POST', headers, body });
  return { status: res.status, html: await res.text(), headers: res.headers };
}

const summaryItems = (html: string) => {
  const summary = /<div class="error-summary"[^]*?<\/div>/.exec(html)?.[0] ?? '';
  return [...summary.matchAll(/<a href="#f-([a-zA-Z]+)">([^<]*)<\/a>/g)].map((m) => ({ field: m[1], message: m[2] }));
};

const count = (s: TestServices) => s.database.db.select().from(requests).all().length;

describe('message catalogues', () => {
  const flatten = (o: Record<string, unknown>, prefix = ''): Record<string, string> =>
    Object.fromEntries(
      Object.entries(o).flatMap(([k, v]) =>
        typeof v === 'string' ? [[prefix + k, v]] : Object.entries(flatten(v as Record<string, unknown>, `${prefix}${k}.`)),
      ),
    );
  // Plural forms differ by language (French has `_many`); compare the keys without them.
  const baseKeys = (c: Record<string, string>) => new Set(Object.keys(c).map((k) => k.replace(/_(zero|one|two|few|many|other)$/, '')));
  const english = flatten(readCatalogue('en'));

  it.each(locales.filter((l) => l !== 'en'))('%s has every message English has, and no other, none empty', (locale) => {
    const catalogue = flatten(readCatalogue(locale));
    expect([...baseKeys(catalogue)].sort()).toEqual([...baseKeys(english)].sort());
    expect(Object.entries(catalogue).filter(([, v]) => v.trim() === '')).toEqual([]);
    // Every plural has the forms the language's rules ask for.
    const rules = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
    for (const key of Object.keys(catalogue).filter((k) => k.endsWith('_other'))) {
      const stem = key.slice(0, -'_other'.length);
      for (const category of rules) expect(catalogue, `${locale} ${stem}_${category}`).toHaveProperty([`${stem}_${category}`]);
    }
  });
});

describe('the report form', () => {
  it('speaks the browser’s language, falls back to English, and remembers a choice for the session', async () => {
    const s = createTestServices({ platforms: platforms() });
    const lang = async (headers: Record<string, string>, path = '/') =>
      /<html lang="([a-z]+)"/.exec(await (await s.app.request(path, { headers })).text())?.[1];
    expect(await lang({ 'accept-language': 'nl-BE,nl;q=0.9,en;q=0.5' })).toBe('nl');
    expect(await lang({ 'accept-language': 'de-DE' })).toBe('de');
    expect(await lang({ 'accept-language': 'es-ES,es;q=0.9,fr;q=0.4' })).toBe('fr');
    expect(await lang({ 'accept-language': 'es-ES' })).toBe('en');
    expect(await lang({})).toBe('en');

    const chosen = await s.app.request('/status?lang=de', { headers: { 'accept-language': 'fr' } });
    const cookie = chosen.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^lang=de; Path=\/; HttpOnly; SameSite=Lax$/);
    expect(await lang({ 'accept-language': 'fr', cookie: cookie.split(';')[0]! })).toBe('de');
  });

  it('has a strict CSP, no inline script or style, no upload field, and the quick exit on every page', async () => {
    const s = createTestServices({ platforms: platforms(), config: { QUICK_EXIT_URL: 'https://neutral.example/' } });
    for (const path of ['/', '/status']) {
      const res = await s.app.request(path);
      const html = await res.text();
      expect(res.headers.get('content-security-policy')).toBe(
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'; require-trusted-types-for 'script'; trusted-types 'none'",
      );
      expect(res.headers.get('cache-control')).toBe('no-store');
      // Not no-referrer: it makes browsers send `Origin: null` on posts to these very pages.
      expect(res.headers.get('referrer-policy')).toBe('same-origin');
      expect(html).toContain('<meta name="referrer" content="same-origin"/>');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)/);
      expect(html).not.toMatch(/\sstyle=/);
      expect(html).not.toMatch(/<style/);
      expect(html).not.toMatch(/type="file"/);
      expect(html).not.toMatch(/(src|href)="(https?:)?\/\/(?!neutral\.example|www\.maintenantjenparle|igvm-iefh|stopncii|takeitdown)/);
      expect(html).toContain('<a class="quick-exit" href="https://neutral.example/"');
    }
  });

  it('serves the stylesheet and script under content-hashed names, cached for a year', async () => {
    const s = createTestServices();
    const html = await (await s.app.request('/')).text();
    const css = /href="(\/assets\/site\.[0-9a-f]{12}\.css)"/.exec(html)![1]!;
    const js = /src="(\/assets\/site\.[0-9a-f]{12}\.js)"/.exec(html)![1]!;
    for (const [path, type] of [
      [css, 'text/css; charset=utf-8'],
      [js, 'text/javascript; charset=utf-8'],
    ] as const) {
      const res = await s.app.request(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(type);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    }
    expect((await s.app.request('/assets/site.000000000000.css')).status).toBe(404);
  });

  it('files through the same intake as the API and shows the reference and code once', async () => {
    const s = createTestServices({ platforms: platforms() });
    const session = await openForm(s, { 'accept-language': 'fr' });
    const res = await post(s, '/', validForm, { session });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.html).toContain('Votre demande a été envoyée');
    const reference = /id="reference-value">([^<]+)</.exec(res.html)![1]!;
    const token = /id="code-value">([^<]+)</.exec(res.html)![1]!;
    expect(res.html).toContain(`http://localhost/status#ref=${reference}&amp;token=${token}`);
    // What the API shows for it is what the form said.
    const view = await call(s.app, 'GET', `/api/v1/requests/${reference}`, { token });
    expect(view.status).toBe(200);
    expect(view.json).toMatchObject({ category: 'intimate_image', urgent: false });
    expect(view.json.submissions.map((x: any) => [x.platform, x.status])).toEqual([
      ['alpha', 'queued'],
      ['webform', 'manual_pending'],
    ]);
    const row = s.database.db.select().from(requests).get()!;
    expect(row).toMatchObject({ locale: 'fr', reporterRole: 'victim', minorInvolved: false });
    // Not urgent, not about children: no "caseworker alerted" promise; intimate images: hash-matching.
    expect(res.html).not.toContain('un·e intervenant·e a été alerté·e');
    expect(res.html).toContain('stopncii.org');
  });

  it('says a caseworker was alerted for urgent cases, and leaves hash-matching out where it does not apply', async () => {
    const s = createTestServices({ platforms: platforms() });
    const session = await openForm(s);
    const res = await post(s, '/', { ...validForm, category: 'harassment', urgent: 'yes' }, { session });
    expect(res.html).toContain('Votre demande est urgente : un·e intervenant·e a été alerté·e.');
    expect(res.html).not.toContain('stopncii.org');
    expect(s.database.db.select().from(requests).get()!.urgent).toBe(true);
  });

  it('speaks of a site it does not know by its own name, and offers no form where none is known', async () => {
    const s = createTestServices({ platforms: platforms() });
    const session = await openForm(s);
    const res = await post(s, '/', { ...validForm, urls: 'https://unknown-club.be/p/1' }, { session });
    expect(res.status).toBe(200);
    expect(res.html).toContain('unknown-club.be n’est pas une plateforme que nous connaissons.');
    expect(res.html).not.toContain('L’hébergeur de unknown-club.be n’est pas');
    const reference = /id="reference-value">([^<]+)</.exec(res.html)![1]!;
    const token = /id="code-value">([^<]+)</.exec(res.html)![1]!;
    await s.worker.drain();
    const status = await post(s, '/status', { reference, token });
    // Without a host look-up the notice waits for a caseworker: there is no form to point to.
    expect(status.html).toContain('Aucun formulaire connu pour celui-ci.');
    expect(status.html).not.toContain('Ouvrez le formulaire officiel');
    // A platform with a form still gets the steps.
    const withForm = await post(s, '/', { ...validForm, urls: 'https://webform.test/x/3' }, { session: await openForm(s) });
    const ref2 = /id="reference-value">([^<]+)</.exec(withForm.html)![1]!;
    const token2 = /id="code-value">([^<]+)</.exec(withForm.html)![1]!;
    await s.worker.drain();
    expect((await post(s, '/status', { reference: ref2, token: token2 })).html).toContain('Ouvrez le formulaire officiel de Webform.');
  });

  it('sends the same form twice (double tap, reload) and gets one case', async () => {
    const s = createTestServices({ platforms: platforms() });
    const session = await openForm(s);
    const first = await post(s, '/', validForm, { session });
    const again = await post(s, '/', validForm, { session });
    const ref = (html: string) => /id="reference-value">([^<]+)</.exec(html)![1];
    expect(ref(again.html)).toBe(ref(first.html));
    expect(count(s)).toBe(1);
    // The same form sent back with other links is another report.
    const other = await post(s, '/', { ...validForm, urls: 'https://alpha.test/p/9' }, { session });
    expect(ref(other.html)).not.toBe(ref(first.html));
    expect(count(s)).toBe(2);
    // ...and that one sent twice is still one case, not a third (every platform would get it again).
    const otherAgain = await post(s, '/', { ...validForm, urls: 'https://alpha.test/p/9' }, { session });
    expect(ref(otherAgain.html)).toBe(ref(other.html));
    expect(count(s)).toBe(2);
  });

  it('maps every refusal of the schema to a message in the page’s language, next to its field, and stores nothing', async () => {
    const s = createTestServices({ platforms: platforms() });
    const session = await openForm(s);
    const res = await post(
      s,
      '/',
      {
        ...validForm,
        urls: [
          'https://alpha.test/ok',
          'pas-un-lien',
          'ftp://alpha.test/x',
          'https://user:pw@alpha.test/x',
          `https://alpha.test/${'a'.repeat(2100)}`,
        ].join('\n'),
        explanation: 'x'.repeat(4001),
        role: 'caseworker',
        name: 'n'.repeat(201),
        email: 'nope',
        phone: 'call me',
        goodFaith: '',
      },
      { session },
    );
    expect(res.status).toBe(400);
    expect(summaryItems(res.html)).toEqual([
      { field: 'urls', message: 'Ligne 2 : ce n’est pas un lien. Un lien commence par https://' },
      { field: 'urls', message: 'Ligne 3 : seuls les liens qui commencent par https:// ou http:// peuvent être signalés.' },
      { field: 'urls', message: 'Ligne 4 : un lien ne doit pas contenir de nom d’utilisateur ni de mot de passe.' },
      { field: 'urls', message: 'Ligne 5 : ce lien est trop long (2\u202f048 caractères au maximum).' },
      { field: 'explanation', message: 'Restez sous 4\u202f000 caractères. Le texte en compte 4\u202f001.' },
      { field: 'role', message: 'Choisissez qui vous êtes.' },
      { field: 'name', message: 'Écrivez un nom de 200 caractères au maximum, ou laissez vide.' },
      { field: 'email', message: 'Écrivez une adresse e-mail comme nom@exemple.be, ou laissez vide.' },
      {
        field: 'phone',
        message: 'Écrivez un numéro de téléphone avec des chiffres, des espaces et +, par exemple +32 470 12 34 56, ou laissez vide.',
      },
      { field: 'goodFaith', message: 'Cochez cette case pour envoyer la demande.' },
    ]);
    // Messages sit next to their fields too, and the field says it is wrong.
    expect(res.html).toMatch(/id="f-email-error" class="error-message">.*nom@exemple\.be/);
    expect(res.html).toMatch(
      /<input type="email" id="f-email" name="email" value="nope"[^>]*aria-describedby="f-email-error" aria-invalid="true"/,
    );
    expect(count(s)).toBe(0);
    expect(s.database.db.select().from(submissions).all()).toHaveLength(0);
  });

  it('refuses more than 200 links from the public form, as the API does', async () => {
    const s = createTestServices({ platforms: platforms() });
    const session = await openForm(s, { 'accept-language': 'en' });
    const urls = Array.from({ length: 201 }, (_, i) => `https://alpha.test/${i}`).join('\n');
    const res = await post(s, '/', { ...validForm, urls }, { session, headers: { 'accept-language': 'en' } });
    expect(summaryItems(res.html)).toEqual([
      { field: 'urls', message: 'You can send at most 200 links at once. Send the rest in a second request.' },
    ]);
    expect(count(s)).toBe(0);
  });

  it('escapes whatever was typed when the form comes back', async () => {
    const s = createTestServices({ platforms: platforms() });
    const session = await openForm(s);
    const res = await post(s, '/', { ...validForm, explanation: '</textarea><script>alert(1)</script>', goodFaith: '' }, { session });
    expect(res.status).toBe(400);
    expect(res.html).not.toContain('<script>alert(1)');
    expect(res.html).toContain('&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('refuses posts from other sites, and posts without the form token, changing nothing', async () => {
    const s = createTestServices({ platforms: platforms() });
    const session = await openForm(s);
    const crossSite = await post(s, '/', validForm, { session, headers: { origin: 'https://evil.example' } });
    expect(crossSite.status).toBe(403);
    expect(crossSite.html).toContain('Cette page n’a pas pu être envoyée depuis cet endroit.');
    expect(crossSite.headers.get('content-security-policy')).toContain("default-src 'none'");

    const noCookie = await post(s, '/', { ...validForm, csrf: session.csrf, formKey: session.formKey });
    expect(noCookie.status).toBe(403);
    expect(noCookie.html).toContain('ce formulaire doit être envoyé une nouvelle fois');
    // Everything typed is kept, and the page carries a fresh token that works.
    expect(noCookie.html).toContain('Une photo privée, diffusée sans mon accord.');
    const retry = {
      cookie: (noCookie.headers.get('set-cookie') ?? '').split(';')[0]!,
      csrf: /name="csrf" value="([^"]+)"/.exec(noCookie.html)![1]!,
      formKey: session.formKey,
    };
    const forged = await post(s, '/', validForm, { session: { ...session, csrf: retry.csrf } });
    expect(forged.status).toBe(403);
    expect(count(s)).toBe(0);
    const ok = await post(s, '/', validForm, { session: retry });
    expect(ok.status).toBe(200);
    expect(count(s)).toBe(1);
  });

  it('shares one allowance per address with the API, and keeps the form when it is used up', async () => {
    const s = createTestServices({ platforms: platforms(), config: { RATE_LIMIT_PER_MIN: 1 } });
    expect((await call(s.app, 'POST', '/api/v1/requests', { body: requestBody(['https://alpha.test/1']) })).status).toBe(201);
    const session = await openForm(s);
    const res = await post(s, '/', validForm, { session });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(res.html).toMatch(/Attendez \d+ secondes, puis envoyez à nouveau\. Rien de ce que vous avez écrit n’est perdu\./);
    expect(res.html).toContain('https://alpha.test/p/1\nhttps://webform.test/x/2');
    expect(count(s)).toBe(1);
  });

  it('takes the longest filing the form allows, and answers a larger body with a page in the reader’s language', async () => {
    const s = createTestServices({ platforms: platforms() });
    const session = await openForm(s);
    // 200 links as shared links look, tracking parameters and all: some 110 KiB once encoded.
    const links = Array.from({ length: 200 }, (_, i) => `https://alpha.test/p/${i}?utm_source=share&fbclid=${'A'.repeat(400)}`);
    const long = await post(s, '/', { ...validForm, urls: links.join('\n') }, { session });
    expect(long.status).toBe(200);
    expect(long.html).toContain('Votre demande a été envoyée');
    expect(count(s)).toBe(1);

    const res = await post(s, '/', { ...validForm, explanation: 'x'.repeat(2 * 1024 * 1024 + 1) }, { session: await openForm(s) });
    expect(res.status).toBe(413);
    expect(res.html).toContain('Ce que vous avez envoyé est trop long. Envoyez moins de liens à la fois');
    expect(res.html.match(/Ce que vous avez envoyé est trop long\./g)).toHaveLength(1);
    expect(count(s)).toBe(1);
  });

  it('switching language re-shows the form with the answers, files nothing and shows no errors', async () => {
    const s = createTestServices({ platforms: platforms() });
    const res = await post(s, '/?lang=nl', { urls: 'https://alpha.test/p/1', intent: 'language' });
    expect(res.status).toBe(200);
    expect(res.html).toContain('<html lang="nl">');
    expect(res.html).toContain('https://alpha.test/p/1</textarea>');
    expect(res.html).not.toContain('error-summary');
    expect(count(s)).toBe(0);
  });
});

describe('the status page', () => {
  async function filed(s: TestServices) {
    const session = await openForm(s);
    const res = await post(s, '/', validForm, { session });
    return {
      session,
      reference: /id="reference-value">([^<]+)</.exec(res.html)![1]!,
      token: /id="code-value">([^<]+)</.exec(res.html)![1]!,
    };
  }

  it('opens with reference and code only, and looks the same for a wrong code as for no case', async () => {
    const s = createTestServices({ platforms: platforms() });
    const c = await filed(s);
    const ok = await post(s, '/status', { reference: c.reference.toLowerCase(), token: c.token });
    expect(ok.status).toBe(200);
    expect(ok.html).toContain(`Votre demande ${c.reference}`);
    expect(ok.html).toContain('Leur formulaire doit être rempli');
    expect(ok.html).toContain('href="https://webform.test/report"');
    // The reported links are text, never links or embeds.
    expect(ok.html).not.toMatch(/href="https:\/\/(alpha|webform)\.test\/(p|x)\//);
    expect(ok.html).toContain('<li>https://alpha.test/p/1</li>');

    const wrong = await post(s, '/status', { reference: c.reference, token: 'x'.repeat(43) });
    const none = await post(s, '/status', { reference: 'TD-0000-0000', token: c.token });
    expect(wrong.status).toBe(404);
    expect(none.status).toBe(404);
    const strip = (html: string) => html.replace(/value="[^"]*"/g, '');
    expect(strip(wrong.html)).toBe(strip(none.html));
    // A GET never opens a case, whatever its query says.
    const get = await s.app.request(`/status?reference=${c.reference}&token=${c.token}`);
    expect(await get.text()).not.toContain(`Votre demande ${c.reference}`);
  });

  it('switching language on the lookup page keeps the reference and code typed, and opens nothing', async () => {
    const s = createTestServices({ platforms: platforms() });
    const c = await filed(s);
    const res = await post(s, '/status?lang=de', { reference: c.reference, token: c.token, intent: 'language' });
    expect(res.status).toBe(200);
    expect(res.html).toContain('<html lang="de">');
    expect(res.html).toContain('Wie steht mein Antrag?');
    expect(res.html).toMatch(new RegExp(`name="reference" value="${c.reference}"`));
    expect(res.html).toMatch(new RegExp(`name="token" value="${c.token}"`));
    expect(res.html).not.toContain('error-summary');
    expect(res.html).not.toContain(`Ihr Antrag ${c.reference}`);
    // The switcher's buttons post the lookup form; Enter in a field sends it (a plain button first).
    expect(res.html).toMatch(
      /<button type="submit" form="lookup" class="visually-hidden"[^>]*>[^<]*<\/button>[^]*name="intent" value="language"/,
    );
  });

  it('withdraws only after the confirmation step and with the form token', async () => {
    const s = createTestServices({ platforms: platforms() });
    const c = await filed(s);
    const step = await post(s, '/status/withdraw', { reference: c.reference, token: c.token }, { session: c.session });
    expect(step.html).toContain(`Arrêter la demande ${c.reference} ?`);
    const statuses = () =>
      s.database.db
        .select({ status: submissions.status })
        .from(submissions)
        .all()
        .map((r) => r.status)
        .sort();
    expect(statuses()).toEqual(['manual_pending', 'queued']);

    const noToken = await post(s, '/status/withdraw', { reference: c.reference, token: c.token, confirm: 'yes' });
    expect(noToken.status).toBe(403);
    expect(statuses()).toEqual(['manual_pending', 'queued']);

    const done = await post(s, '/status/withdraw', { reference: c.reference, token: c.token, confirm: 'yes' }, { session: c.session });
    expect(done.status).toBe(200);
    expect(done.html).toContain('Votre demande a été arrêtée. Plus rien ne sera envoyé.');
    expect(statuses()).toEqual(['withdrawn', 'withdrawn']);
    expect(done.html).not.toContain('Arrêter ma demande…');
  });
});

describe('hash-matching advice', () => {
  const programmesOn = (html: string) => [...html.matchAll(/<li data-programme="([a-z_]+)">/g)].map((m) => m[1]);

  it.each([
    ['intimate_image', 'yes', ['take_it_down']],
    ['hidden_camera', 'no', ['stopncii', 'take_it_down']],
    ['harassment', 'no', []],
  ])('for %s (minor: %s) offers what the case view offers, on the confirmation and the status page', async (category, minor, expected) => {
    const s = createTestServices({ platforms: platforms() });
    const session = await openForm(s);
    const res = await post(s, '/', { ...validForm, category, minorInvolved: minor }, { session });
    expect(res.status).toBe(200);
    const reference = /id="reference-value">([^<]+)</.exec(res.html)![1]!;
    const token = /id="code-value">([^<]+)</.exec(res.html)![1]!;
    const api = await call(s.app, 'GET', `/api/v1/requests/${reference}`, { token });
    expect(api.json.hashMatching.map((p: { id: string }) => p.id)).toEqual(expected);

    const status = await post(s, '/status', { reference, token });
    for (const html of [res.html, status.html]) {
      expect(programmesOn(html)).toEqual(expected);
      // StopNCII is for images of adults: never offered when a minor is involved.
      expect(html.includes('stopncii.org')).toBe(expected.includes('stopncii'));
      expect(html.includes('takeitdown.ncmec.org')).toBe(expected.includes('take_it_down'));
    }
    if (expected.includes('take_it_down')) {
      expect(res.html).toContain('Take It Down – pour les images prises quand vous aviez moins de 18 ans :');
    }
    if (expected.length === 0) expect(status.html).not.toContain('id="hash-title"');
  });
});

describe('the status page timeline', () => {
  it('says in Dutch what the service did (reminders, sending again, erasing details) and never calls it a caseworker’s note', async () => {
    server.use(
      http.post('https://api.alpha.test/notices', () => HttpResponse.json({ ticketId: 'A-1' }, { status: 201 })),
      http.post('https://api.beta.test/notices', () => new HttpResponse('busy', { status: 503 })),
    );
    const s = createTestServices({
      platforms: [
        { id: 'alpha', name: 'Alpha' },
        { id: 'beta', name: 'Beta' },
      ],
    });
    const c = await fileRequest(s, ['https://alpha.test/p/1', 'https://beta.test/p/2']);
    await s.worker.drain();
    const subs = s.database.db.select().from(submissions).all();
    const of = (platform: string) => subs.find((x) => x.platformId === platform)!;
    expect([of('alpha').status, of('beta').status]).toEqual(['submitted', 'queued']);
    const requestId = of('alpha').requestId;

    // A caseworker re-notifies Alpha (a reminder, sent by the reminders job) and retries Beta now.
    const caseworker = 'account:cw-1';
    const now = () => s.clock.now();
    expect(
      requeueSubmission(s.database.db, { requestId, submissionId: of('alpha').id, mode: 'renotify', actor: caseworker, now: now() }),
    ).toBe('done');
    await s.periodic.runAll();
    expect(requeueSubmission(s.database.db, { requestId, submissionId: of('beta').id, mode: 'retry', actor: caseworker, now: now() })).toBe(
      'done',
    );
    purgePersonalData({
      db: s.database.db,
      sqlite: s.database.sqlite,
      keyring: s.keyring,
      now: now(),
      retentionDays: 0,
      requestIds: [requestId],
    });
    const written = s.database.db.select().from(events).all();
    expect(written.filter((e) => e.type === 'reminded').map((e) => [e.actor, e.detail])).toEqual([['system', 'reminder 1 sent to Alpha']]);

    const page = await post(s, '/status', { reference: c.reference, token: c.statusToken }, { headers: { 'accept-language': 'nl-BE' } });
    expect(page.status).toBe(200);
    const timeline = [
      ...page.html.matchAll(/<li data-event="([a-z_]+)"><time[^>]*>[^<]*<\/time>(?:<strong>([^<]*)<\/strong>)?([^<]*)<\/li>/g),
    ].map((m) => [m[1], `${m[2] ?? ''}${m[3]}`]);
    expect(timeline).toContainEqual(['reminded', 'Alpha: We stuurden hen een herinnering']);
    expect(timeline).toContainEqual(['renotified', 'Alpha: We sturen het hen opnieuw, als herinnering']);
    expect(timeline).toContainEqual(['retried', 'Beta: We versturen het nu opnieuw']);
    expect(timeline).toContainEqual([
      'purged',
      'Je contactgegevens en uitleg zijn gewist, zoals voorzien: we bewaren ze maar een beperkte tijd',
    ]);
    expect(page.html).not.toContain('Notitie van een hulpverlener');
    // What the service wrote for its own records stays off the page.
    expect(page.html).not.toContain('reminder 1 sent to');
  });
});

describe('refusals on the status page', () => {
  const whsec = () => `whsec_${randomBytes(24).toString('base64')}`;

  // A platform's answer through its signed webhook (Standard Webhooks), as it would send it.
  async function webhook(s: TestServices, platform: string, key: string, body: unknown) {
    const raw = JSON.stringify(body);
    const id = `msg_${randomBytes(6).toString('hex')}`;
    const at = s.clock.now();
    const res = await call(s.app, 'POST', `/api/v1/webhooks/${platform}`, {
      raw,
      headers: {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(Math.floor(at / 1000)),
        'webhook-signature': new Webhook(key).sign(id, new Date(at), raw),
      },
    });
    expect(res.status).toBe(204);
  }

  const card = (html: string, platform: string) =>
    new RegExp(`<section class="card"[^>]*data-platform="${platform}"[^]*?</section>`).exec(html)![0];

  it('shows a platform’s own reason, and a general sentence instead of status codes, JSON or SMTP replies', async () => {
    const keys = { kind: whsec(), terse: whsec() };
    server.use(
      http.post('https://api.strict.test/notices', () =>
        HttpResponse.json({ error: 'invalid_field', field: 'reporter.email' }, { status: 422 }),
      ),
      http.post('https://api.kind.test/notices', () => HttpResponse.json({ ticketId: 'K-1' }, { status: 201 })),
      http.post('https://api.terse.test/notices', () => HttpResponse.json({ ticketId: 'T-1' }, { status: 201 })),
    );
    const s = createTestServices({
      platforms: [{ id: 'strict' }, { id: 'kind', webhookSecret: keys.kind }, { id: 'terse', webhookSecret: keys.terse }],
    });
    s.clock.set(Date.now());
    const c = await fileRequest(s, ['https://strict.test/p/1', 'https://kind.test/p/2', 'https://terse.test/p/3']);
    await s.worker.drain();
    const noticeOf = (platform: string) =>
      (s.database.sqlite.prepare('SELECT notice_id AS n FROM submissions WHERE platform_id = ?').get(platform) as { n: string }).n;
    await webhook(s, 'kind', keys.kind, { noticeId: noticeOf('kind'), status: 'rejected', reason: 'Ce contenu ne viole pas nos règles.' });
    await webhook(s, 'terse', keys.terse, { noticeId: noticeOf('terse'), status: 'rejected', reason: '550 5.7.1 Message refused' });

    const rows = s.database.db
      .select({ platform: submissions.platformId, status: submissions.status, lastError: submissions.lastError })
      .from(submissions)
      .all();
    expect(rows.every((r) => r.status === 'rejected')).toBe(true);
    expect(rows.find((r) => r.platform === 'strict')!.lastError).toMatch(/^HTTP 422: \{"error"/);

    const page = await post(s, '/status', { reference: c.reference, token: c.statusToken });
    expect(page.status).toBe(200);
    const general = 'Ils n’ont pas donné de motif que nous pouvons afficher ici.';
    expect(card(page.html, 'strict')).toContain(general);
    expect(card(page.html, 'terse')).toContain(general);
    expect(card(page.html, 'kind')).toContain('Motif donné : « Ce contenu ne viole pas nos règles. »');
    expect(card(page.html, 'kind')).not.toContain(general);
    for (const raw of ['HTTP 422', 'invalid_field', '550 5.7.1', '{&quot;', '{"']) expect(page.html).not.toContain(raw);
  });

  it('takes for a reason only what a platform or a caseworker wrote, and nothing machine-made', () => {
    const rejected = (actor: string, detail: string | null) => [
      { type: 'submitted', actor: 'system', detail: 'ticket 1' },
      { type: 'rejected', actor, detail },
    ];
    expect(refusalReason(rejected('platform:a', 'Not against our rules.'))).toBe('Not against our rules.');
    expect(refusalReason(rejected('account:k1', 'They said it is satire.'))).toBe('They said it is satire.');
    for (const [actor, detail] of [
      ['system', 'Not against our rules.'],
      ['system', 'HTTP 422: {"error":"bad"}'],
      ['platform:a', null],
      ['platform:a', 'rejected by the platform'],
      ['account:k1', 'refused by the platform'],
      ['platform:a', 'HTTP/1.1 403 Forbidden'],
      ['platform:a', '{"error":"policy"}'],
      ['platform:a', '550 5.7.1 Message rejected as spam'],
      ['platform:a', 'smtp: mailbox unavailable (5.1.1)'],
      ['platform:a', '<html><body>Error</body></html>'],
      ['platform:a', 'x'.repeat(501)],
    ] as const) {
      expect(refusalReason(rejected(actor, detail)), `${actor}: ${detail}`).toBeNull();
    }
    // Only the latest refusal counts (a notice sent again after a refusal).
    expect(refusalReason([...rejected('platform:a', 'Old reason.'), { type: 'rejected', actor: 'system', detail: 'HTTP 400' }])).toBeNull();
  });
});

describe('case words', () => {
  it('says an unknown state in general words instead of guessing', () => {
    const t = translatorFor('en');
    const sub = { status: 'escalating', attempts: 0, nextAttemptAt: null } as any;
    expect(submissionState(t, sub)).toBe('In progress');
    expect(submissionNext(t, sub, String)).toBe('We follow it and this page shows every change.');
    expect(submissionState(t, { ...sub, status: 'removed' })).toBe('Removed');
  });
});

describe('unknown addresses', () => {
  it('answer a browser with a page in its language, and the API with problem+json', async () => {
    const s = createTestServices();
    const page = await s.app.request('/statut', { headers: { accept: 'text/html,*/*', 'accept-language': 'nl' } });
    expect(page.status).toBe(404);
    const html = await page.text();
    expect(html).toContain('Op dit adres staat geen pagina.');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const api = await s.app.request('/api/v1/nothing', { headers: { accept: 'text/html' } });
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toBe('application/problem+json');
    const plain = await s.app.request('/statut');
    expect(plain.headers.get('content-type')).toBe('application/problem+json');
  });

  it('reads a reminder written as a note, before reminders had their own kind, as a reminder', () => {
    const t = translatorFor('en');
    const reminded = eventWords(t, { kind: 'reminded', by: 'system', detail: 'reminder 2 sent to Alpha' });
    expect(eventWords(t, { kind: 'note', by: 'system', detail: 'reminder 2 sent to Alpha' })).toBe(reminded);
    expect(eventWords(t, { kind: 'note', by: 'caseworker', detail: 'reminder 2 sent to Alpha' })).not.toBe(reminded);
  });
});
