import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { requests } from '../src/db/schema.js';
import {
  chromiumAvailable,
  expectAccessible,
  launchChromium,
  recordPageErrors,
  recordRequests,
  screenshots,
  serveApp,
  startMockPlatform,
  type LaunchedBrowser,
  type Served,
} from './support/browser.js';
import { createTestServices, type TestServices } from './support/services.js';

// The public pages as a person uses them: Debian's Chromium, the app on a loopback port, a mock
// platform on another. Every page and state is checked with axe-core and photographed at phone
// and desktop width (test/screenshots/).

let platform: Awaited<ReturnType<typeof startMockPlatform>>;

beforeAll(async () => {
  platform = await startMockPlatform();
});
afterAll(async () => {
  await platform?.close();
});

interface Harness {
  s: TestServices;
  app: Served;
  browser: LaunchedBrowser;
  context: BrowserContext;
  page: Page;
  requested: string[];
  errors: string[];
}

let open: Harness | undefined;
afterEach(async () => {
  await open?.browser.close();
  await open?.app.close();
  open = undefined;
});

async function start(
  options: { javaScript?: boolean; locale?: string; viewport?: { width: number; height: number } } = {},
): Promise<Harness> {
  const s = createTestServices({
    platforms: [
      {
        id: 'examplesocial',
        name: 'Example Social',
        domains: ['examplesocial.test'],
        channel: { type: 'http', url: `${platform.origin}/notices` },
      },
      {
        id: 'formonly',
        name: 'FormOnly',
        domains: ['formonly.test'],
        channel: { type: 'manual', formUrl: 'https://formonly.test/report-abuse' },
      },
    ],
    config: { QUICK_EXIT_URL: `${platform.origin}/weather` },
  });
  const app = await serveApp(s.app.fetch);
  const browser = await launchChromium({ javaScript: options.javaScript, locale: options.locale ?? 'fr-BE', viewport: options.viewport });
  const { context } = browser;
  const page = context.pages()[0] ?? (await context.newPage());
  open = { s, app, browser, context, page, requested: recordRequests(page), errors: recordPageErrors(page) };
  return open;
}

const LINKS = 'https://examplesocial.test/p/Cabc123\n\nhttps://www.formonly.test/v/987  https://examplesocial.test/p/Cdef456';

async function fillValidFrenchForm(page: Page) {
  await page.getByLabel('Quelqu’un a diffusé des images intimes ou dénudées sans consentement').check();
  await page
    .getByRole('group', { name: /Un enfant ou un·e adolescent·e/ })
    .getByLabel('Non')
    .check();
  await page.getByRole('group', { name: 'Est-ce urgent ?' }).getByLabel('Non').check();
  await page.getByLabel('Liens vers le contenu').fill(LINKS);
  await page.getByLabel('De quoi s’agit-il').fill('Une photo privée de moi, diffusée sans mon accord.');
  await page.getByLabel('Je suis la personne sur les images, ou la personne visée').check();
  await page.getByLabel('E-mail').fill('personne@example.org');
  await page.getByLabel('Je déclare de bonne foi').check();
}

function sameOriginOnly(h: Harness) {
  const foreign = h.requested.filter((u) => !u.startsWith(h.app.origin) && !u.startsWith('data:'));
  expect(foreign, 'requests that left the service').toEqual([]);
}

// Skipped only on a developer machine without Chromium; in CI a missing browser fails the run.
describe.skipIf(!chromiumAvailable && !process.env.CI)('public pages in Chromium', { timeout: 90_000 }, () => {
  it('files a request in French, shows the confirmation once, and the status page follows the platform to submitted', async () => {
    const h = await start();
    const { page } = h;
    const pageBytes: number[] = [];
    page.on('response', async (r) => {
      const body = await r.body().catch(() => Buffer.alloc(0));
      pageBytes.push(body.length);
    });
    await page.goto(h.app.origin + '/');
    await expect.poll(() => page.title()).toContain('Demander le retrait');
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    expect(await page.locator('input[type=file]').count()).toBe(0);
    await expect.poll(() => pageBytes.length).toBeGreaterThanOrEqual(3);
    const weight = pageBytes.reduce((a, b) => a + b, 0);
    expect(weight, 'bytes for the form page, its stylesheet and script').toBeLessThan(50 * 1024);
    await expectAccessible(page, 'empty form');
    await screenshots(page, 'form');

    await fillValidFrenchForm(page);
    await page.getByRole('button', { name: 'Envoyer la demande' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Votre demande a été envoyée');
    const reference = (await page.locator('#reference-value').textContent())!.trim();
    const token = (await page.locator('#code-value').textContent())!.trim();
    expect(reference).toMatch(/^TD-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const link = await page.getByLabel('Votre lien de suivi privé').inputValue();
    expect(link).toBe(`${h.app.origin}/status#ref=${reference}&token=${token}`);
    expect(await page.getByText('Enregistrez ceci maintenant').count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Copier le lien' }).isVisible()).toBe(true);
    const next = await page.locator('[data-platform]').allTextContents();
    expect(next.find((t) => t.startsWith('Example Social'))).toContain('canal officiel');
    expect(next.find((t) => t.startsWith('FormOnly'))).toContain('propre formulaire');
    const help = await page.locator('.help').textContent();
    for (const words of ['116 000', 'maintenantjenparle.be', '101', '112', 'IEFH']) expect(help).toContain(words);
    expect(await page.getByText('StopNCII.org').count()).toBe(1);
    await expectAccessible(page, 'confirmation');
    await screenshots(page, 'confirmation');

    // What was stored is what the form said, in French, for two platforms.
    const stored = h.s.database.db.select().from(requests).all();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ reference, category: 'intimate_image', locale: 'fr', urgent: false, reporterRole: 'victim' });

    await page.getByRole('button', { name: 'Voir où en est ma demande' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(`Votre demande ${reference}`);
    const social = page.locator('[data-platform="examplesocial"]');
    expect(await social.getAttribute('data-status')).toBe('queued');
    expect(await social.locator('.link-list li').allTextContents()).toEqual([
      'https://examplesocial.test/p/Cabc123',
      'https://examplesocial.test/p/Cdef456',
    ]);
    // The reported links are text: nothing on the page links to, or loads, the content.
    expect(await page.locator('a[href*="examplesocial.test"], img, iframe, video').count()).toBe(0);
    const manual = page.locator('[data-platform="formonly"]');
    expect(await manual.getAttribute('data-status')).toBe('manual_pending');
    expect(await manual.locator('[data-official-form]').getAttribute('href')).toBe('https://formonly.test/report-abuse');
    expect(await manual.getByLabel('Texte préparé').inputValue()).toContain('https://www.formonly.test/v/987');
    await expectAccessible(page, 'status page, queued');
    await screenshots(page, 'status');

    // The worker sends to the mock platform; a refresh shows it.
    await h.s.worker.drain();
    expect(platform.calls.filter((c) => c.body?.reference === reference)).toHaveLength(1);
    await page.getByRole('button', { name: 'Actualiser' }).click();
    await expect.poll(() => social.getAttribute('data-status')).toBe('submitted');
    expect(await social.textContent()).toContain('Demande remise');
    expect(await social.textContent()).toMatch(/Leur référence : MOCK-\d+/);
    expect(await page.locator('.timeline').textContent()).toContain('Example Social: Demande remise');
    await expectAccessible(page, 'status page, submitted');
    await screenshots(page, 'status-submitted');

    // The saved link opens the case; the secret never travels in a URL and leaves the address bar.
    const second = await h.context.newPage();
    const secondRequests = recordRequests(second);
    await second.goto(link);
    await expect.poll(() => second.getByRole('heading', { level: 1 }).textContent()).toBe(`Votre demande ${reference}`);
    expect(second.url()).toBe(`${h.app.origin}/status`);
    expect([...h.requested, ...secondRequests].filter((u) => u.includes(token))).toEqual([]);
    await second.close();

    // Withdraw, with a confirmation step.
    await page.getByRole('button', { name: 'Arrêter ma demande…' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(`Arrêter la demande ${reference} ?`);
    await expectAccessible(page, 'withdraw confirmation');
    await screenshots(page, 'withdraw-confirm');
    await page.getByRole('button', { name: 'Oui, arrêter la demande' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Votre demande a été arrêtée');
    expect(await manual.getAttribute('data-status')).toBe('withdrawn');
    expect(await social.getAttribute('data-status')).toBe('submitted');
    expect(await page.getByRole('button', { name: 'Arrêter ma demande…' }).count()).toBe(0);

    sameOriginOnly(h);
    expect(h.errors).toEqual([]);
  });

  it('sends a wrong form back in French with everything kept, and files it once corrected', async () => {
    const h = await start();
    const { page } = h;
    await page.goto(h.app.origin + '/');
    await page.getByRole('button', { name: 'Envoyer la demande' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Il y a un problème' }).count()).toBe(1);
    const summary = page.locator('.error-summary');
    const items = await summary.locator('li').allTextContents();
    expect(items).toEqual([
      'Choisissez ce qui s’est passé.',
      'Indiquez si un enfant ou un·e adolescent·e est concerné.',
      'Indiquez si c’est urgent.',
      'Collez au moins un lien.',
      'Choisissez qui vous êtes.',
      'Cochez cette case pour envoyer la demande.',
    ]);
    await expectAccessible(page, 'form with errors (empty)');
    await screenshots(page, 'form-errors');

    // The summary links to the field.
    await summary.getByRole('link', { name: 'Collez au moins un lien.' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('f-urls');

    await fillValidFrenchForm(page);
    await page.getByLabel('Liens vers le contenu').fill('https://examplesocial.test/p/1\npas un lien\nftp://examplesocial.test/x');
    await page.getByLabel('E-mail').fill('pas-une-adresse');
    await page.getByRole('button', { name: 'Envoyer la demande' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Il y a un problème' }).count()).toBe(1);
    expect(await summary.locator('li').allTextContents()).toEqual([
      'Ligne 2 : ce n’est pas un lien. Un lien commence par https://',
      'Ligne 3 : seuls les liens qui commencent par https:// ou http:// peuvent être signalés.',
      'Écrivez une adresse e-mail comme nom@exemple.be, ou laissez vide.',
    ]);
    // Everything typed is still there.
    expect(await page.getByLabel('Liens vers le contenu').inputValue()).toBe(
      'https://examplesocial.test/p/1\npas un lien\nftp://examplesocial.test/x',
    );
    expect(await page.getByLabel('De quoi s’agit-il').inputValue()).toBe('Une photo privée de moi, diffusée sans mon accord.');
    expect(await page.getByLabel('Je suis la personne sur les images, ou la personne visée').isChecked()).toBe(true);
    expect(await page.getByLabel('Je déclare de bonne foi').isChecked()).toBe(true);
    expect(await page.getByLabel('E-mail').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'form with errors (links, e-mail)');
    await screenshots(page, 'form-errors-links');
    expect(h.s.database.db.select().from(requests).all()).toHaveLength(0);

    await page.getByLabel('Liens vers le contenu').fill('https://examplesocial.test/p/1');
    await page.getByLabel('E-mail').fill('');
    await page.getByRole('button', { name: 'Envoyer la demande' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Votre demande a été envoyée');
    expect(h.s.database.db.select().from(requests).all()).toHaveLength(1);

    // Reloading the confirmation posts the same form again: the same case, not a second one.
    await page.reload();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Votre demande a été envoyée');
    expect(h.s.database.db.select().from(requests).all()).toHaveLength(1);
    sameOriginOnly(h);
    expect(h.errors).toEqual([]);
  });

  it('switches language without losing what was typed, and shows the lookup page in Dutch', async () => {
    const h = await start({ locale: 'nl-BE' });
    const { page } = h;
    await page.goto(h.app.origin + '/status');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Hoe staat mijn verzoek ervoor?');
    await expectAccessible(page, 'status lookup');
    await screenshots(page, 'status-lookup');
    await page.getByRole('button', { name: 'Toon mijn verzoek' }).click();
    await expect.poll(() => page.locator('.error-summary li').allTextContents()).toEqual(['Typ je referentie.', 'Typ je geheime code.']);
    await page.getByLabel('Referentie').fill('TD-0000-0000');
    await page.getByLabel('Geheime code').fill('not-the-code');
    await page.getByRole('button', { name: 'Toon mijn verzoek' }).click();
    await expect.poll(() => page.locator('.error-summary').textContent()).toContain('We vonden geen verzoek');
    await expectAccessible(page, 'status lookup, not found');

    await page.goto(h.app.origin + '/');
    await page.getByLabel('Links naar de inhoud').fill('https://examplesocial.test/p/1');
    await page.getByRole('navigation', { name: 'Taal' }).getByRole('button', { name: 'Deutsch' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Bilder oder Beiträge entfernen lassen');
    expect(await page.getByLabel('Links zum Inhalt').inputValue()).toBe('https://examplesocial.test/p/1');
    // Nothing was filed by switching, and no error is shown for the unanswered questions.
    expect(await page.locator('.error-summary').count()).toBe(0);
    expect(h.s.database.db.select().from(requests).all()).toHaveLength(0);
    // The choice is remembered for the session.
    await page.goto(h.app.origin + '/status');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Wie steht mein Antrag?');
    expect(h.errors).toEqual([]);
  });

  it('Enter in a one-line field sends the form in its language, never switches language', async () => {
    const h = await start();
    const { page } = h;
    await page.goto(h.app.origin + '/');
    await page.getByLabel('Quelqu’un a diffusé des images intimes ou dénudées sans consentement').check();
    await page.getByLabel('Liens vers le contenu').fill('https://examplesocial.test/p/1');
    await page.getByLabel('Nom').fill('Marie');
    await page.getByLabel('Nom').press('Enter');
    // Sent, not switched: the answers come back checked, in French, with what is still missing.
    await expect.poll(() => page.getByRole('heading', { name: 'Il y a un problème' }).count()).toBe(1);
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    expect(await page.locator('.error-summary li').allTextContents()).toContain('Indiquez si c’est urgent.');
    expect(await page.getByLabel('Nom').inputValue()).toBe('Marie');
    expect(await page.getByLabel('Liens vers le contenu').inputValue()).toBe('https://examplesocial.test/p/1');
    // The extra default button is neither seen, nor reached with Tab, nor read out.
    expect(await page.getByRole('button', { name: 'Envoyer la demande' }).count()).toBe(1);
    await expectAccessible(page, 'form after Enter');

    // Completed, Enter in the e-mail field files it.
    await fillValidFrenchForm(page);
    await page.getByLabel('E-mail').press('Enter');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Votre demande a été envoyée');
    expect(h.s.database.db.select().from(requests).all()).toHaveLength(1);
    expect(h.errors).toEqual([]);
  });

  it('keeps the quick exit on a phone’s screen however far the page scrolls, without hiding a field', async () => {
    const h = await start({ viewport: { width: 360, height: 740 } });
    const { page } = h;
    const exit = page.getByRole('link', { name: /Sortie rapide/ });
    // Wholly on screen, and the top thing at its centre (nothing drawn over it).
    const reachable = async () => {
      const box = (await exit.boundingBox())!;
      const onTop = await exit.evaluate((el) => {
        const r = el.getBoundingClientRect();
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return hit !== null && el.contains(hit);
      });
      return box.y >= 0 && box.y + box.height <= 740 && box.x >= 0 && box.x + box.width <= 360 && onTop;
    };

    for (const path of ['/', '/status']) {
      await page.goto(h.app.origin + path);
      expect(await reachable(), `${path}, top`).toBe(true);
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      expect(await page.evaluate(() => window.scrollY), `${path} scrolls`).toBeGreaterThan(0);
      expect(await reachable(), `${path}, bottom`).toBe(true);
    }

    // Reaching the links field from the error summary puts it below the band, not under it.
    await page.goto(h.app.origin + '/');
    await page.getByRole('button', { name: 'Envoyer la demande' }).click();
    await page.locator('.error-summary').getByRole('link', { name: 'Collez au moins un lien.' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('f-urls');
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
    const band = (await page.locator('.quick-exit-bar').boundingBox())!;
    const field = (await page.getByLabel('Liens vers le contenu').boundingBox())!;
    expect(field.y).toBeGreaterThanOrEqual(band.y + band.height);
    expect(await reachable(), 'at the links field').toBe(true);
    await exit.click();
    await page.waitForURL(`${platform.origin}/weather`);
  });

  it('posts its forms with the page’s own origin, so a browser without Sec-Fetch-Site is not refused', async () => {
    const h = await start();
    const { page } = h;
    const posted: Array<string | undefined> = [];
    page.on('request', async (r) => {
      if (r.method() === 'POST') posted.push((await r.allHeaders()).origin);
    });
    await page.goto(h.app.origin + '/');
    await page.getByLabel('Liens vers le contenu').fill('https://examplesocial.test/p/1');
    await page.getByRole('navigation', { name: 'Langue' }).getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
    await page.goto(h.app.origin + '/status');
    await page.getByRole('button', { name: 'Show my request' }).click();
    await expect.poll(() => page.locator('.error-summary li').count()).toBe(2);
    // Under no-referrer Chromium sends `Origin: null` here, and only Sec-Fetch-Site let it through.
    expect(posted).toEqual([h.app.origin, h.app.origin]);

    // What an older browser sends (the origin, no Sec-Fetch-Site) is accepted.
    const res = await h.s.app.request('/status', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
      body: 'reference=&token=',
    });
    expect(res.status).toBe(400);
  });

  it('keeps the reference and code typed on the lookup page when the language is switched', async () => {
    const h = await start({ locale: 'nl-BE' });
    const { page } = h;
    await page.goto(h.app.origin + '/status');
    await page.getByLabel('Referentie').fill('TD-0000-0000');
    await page.getByLabel('Geheime code').fill('not-the-code');
    await page.getByRole('navigation', { name: 'Taal' }).getByRole('button', { name: 'Deutsch' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Wie steht mein Antrag?');
    expect(await page.getByLabel('Referenz').inputValue()).toBe('TD-0000-0000');
    expect(await page.getByLabel('Geheimcode').inputValue()).toBe('not-the-code');
    expect(await page.locator('.error-summary').count()).toBe(0);
    // Enter in the code field looks the case up, in German; it does not switch language again.
    await page.getByLabel('Geheimcode').press('Enter');
    await expect.poll(() => page.locator('.error-summary').count()).toBe(1);
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    expect(await page.getByRole('button', { name: 'Meinen Antrag zeigen' }).count()).toBe(1);
    await expectAccessible(page, 'status lookup after switching language');
    expect(h.errors).toEqual([]);
  });

  it('quick exit leaves at once and takes the page out of the history (button and Esc Esc)', async () => {
    const h = await start();
    const { page } = h;
    await page.goto(`${platform.origin}/before`);
    await page.goto(h.app.origin + '/');
    await page.getByRole('link', { name: /Sortie rapide/ }).click();
    await page.waitForURL(`${platform.origin}/weather`);
    await page.goBack();
    expect(page.url()).toBe(`${platform.origin}/before`);

    await page.goto(h.app.origin + '/status');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.waitForURL(`${platform.origin}/weather`);
    await page.goBack();
    expect(page.url()).toBe(`${platform.origin}/before`);
  });

  it('works with JavaScript switched off: file, read the code, look the case up by hand', async () => {
    const h = await start({ javaScript: false });
    const { page } = h;
    await page.goto(h.app.origin + '/');
    await fillValidFrenchForm(page);
    await page.getByRole('button', { name: 'Envoyer la demande' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Votre demande a été envoyée');
    // No button that cannot work without a script.
    expect(await page.getByRole('button', { name: 'Copier le lien' }).isVisible()).toBe(false);
    const reference = (await page.locator('#reference-value').textContent())!.trim();
    const token = (await page.locator('#code-value').textContent())!.trim();

    await page.goto(h.app.origin + '/status');
    await page.getByLabel('Référence').fill(reference.toLowerCase().replace(/-/g, ' '));
    await page.getByLabel('Code secret').fill(` ${token} `);
    await page.getByRole('button', { name: 'Afficher ma demande' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(`Votre demande ${reference}`);

    // The language switcher on the status page posts the case again instead of losing it.
    await page.getByRole('navigation', { name: 'Langue' }).getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(`Your request ${reference}`);

    // The quick exit is an ordinary link.
    await page.getByRole('link', { name: /Quick exit/ }).click();
    await page.waitForURL(`${platform.origin}/weather`);
    sameOriginOnly({ ...h, requested: h.requested.filter((u) => !u.startsWith(platform.origin)) });
  });
});
