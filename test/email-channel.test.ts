import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { manualClock } from '../src/clock.js';
import { testConfig, type Config } from '../src/config.js';
import { submissions } from '../src/db/schema.js';
import { createLogger } from '../src/logger.js';
import { createServices, type Services } from '../src/services.js';
import { call, requestBody } from './support/services.js';
import { useSmtpServer } from './support/smtp.js';

// E-mail notices end to end: the service built from its configuration (SMTP_URL, MAIL_FROM,
// PLATFORMS_FILE, HOTLINE_EMAIL) as main.ts builds it, the worker sending, and a real SMTP server
// on loopback receiving. What is asserted is what arrived, parsed like a mail client would.

const smtp = useSmtpServer();
const open: Services[] = [];
beforeEach(() => smtp.reset());
afterEach(async () => {
  for (const s of open.splice(0)) {
    await s.worker.stop();
    s.close();
  }
});

function start(over: Partial<Config> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'mail-'));
  const platformsFile = join(dir, 'platforms.json');
  writeFileSync(
    platformsFile,
    JSON.stringify({
      platforms: [
        {
          id: 'mailplat',
          name: 'Mail Platform',
          domains: ['mailplat.test'],
          channel: { type: 'email', to: 'abuse@mailplat.test', language: 'nl' },
        },
      ],
    }),
  );
  const clock = manualClock();
  const services = createServices({
    config: testConfig({
      DATABASE_PATH: ':memory:',
      DATA_KEY: randomBytes(32).toString('base64'),
      PLATFORMS_FILE: platformsFile,
      SMTP_URL: smtp.url,
      MAIL_FROM: 'notices@takedown-service.test',
      ...over,
    }),
    fetch: (...a) => globalThis.fetch(...a),
    clock,
    logger: createLogger({ level: 'silent' }),
    quickRetryDelayMs: 0,
    random: () => 0.5,
  });
  open.push(services);
  return { ...services, clock, app: createApp(services) };
}

type Started = ReturnType<typeof start>;

async function file(s: Started, urls: string[], over: Record<string, unknown> = {}) {
  const res = await call(s.app, 'POST', '/api/v1/requests', { body: requestBody(urls, over) });
  expect(res.status).toBe(201);
  return res.json as { reference: string; statusToken: string; submissions: Array<{ id: string; platform: string }> };
}

const noticeIdOf = (s: Started, submissionId: string) =>
  s.database.db.select({ noticeId: submissions.noticeId }).from(submissions).where(eq(submissions.id, submissionId)).get()!.noticeId;

const view = async (s: Started, c: { reference: string; statusToken: string }) =>
  (await call(s.app, 'GET', `/api/v1/requests/${c.reference}`, { token: c.statusToken })).json;

describe('e-mail notices through a real SMTP server', () => {
  it('sends one message per notice, plain text and HTML, in the platform’s language, with a Message-ID from the notice id', async () => {
    const s = start();
    const c = await file(s, [
      'https://mailplat.test/a/1',
      'https://www.mailplat.test/a/2',
      'https://t.me/somechannel/12',
      'https://mailplat.test/a/3',
    ]);
    await s.worker.drain();

    expect(smtp.received).toHaveLength(2);
    const byTo = new Map(smtp.received.map((m) => [m.envelopeTo.join(','), m]));
    const mp = byTo.get('abuse@mailplat.test')!;
    const tg = byTo.get('abuse@telegram.org')!;
    expect(mp).toBeDefined();
    expect(tg).toBeDefined();

    const mpSub = c.submissions.find((x) => x.platform === 'mailplat')!;
    const noticeId = noticeIdOf(s, mpSub.id);
    expect(mp.mail.messageId).toBe(`<${noticeId}@takedown-service.test>`);
    expect(mp.mail.headers.get('x-takedown-notice-id')).toBe(noticeId);
    expect(mp.mail.from?.value[0]?.address).toBe('notices@takedown-service.test');
    // The platform reads Dutch although the reporter wrote in French.
    expect(mp.mail.subject).toBe(`Verzoek tot verwijdering ${c.reference}`);
    expect(mp.mail.text).toContain('Exacte locatie van de inhoud');
    for (const u of ['https://mailplat.test/a/1', 'https://www.mailplat.test/a/2', 'https://mailplat.test/a/3']) {
      expect(mp.mail.text).toContain(u);
      expect(mp.mail.html).toContain(u);
    }
    expect(mp.mail.text).not.toContain('t.me');
    expect(mp.mail.html).toContain('lang="nl"');
    expect(mp.mail.text).toContain('A. Person');
    // Telegram reads English.
    expect(tg.mail.subject).toBe(`Removal request ${c.reference}`);
    expect(tg.mail.messageId).toBe(`<${noticeIdOf(s, c.submissions.find((x) => x.platform === 'telegram')!.id)}@takedown-service.test>`);

    const v = await view(s, c);
    expect(v.submissions.map((x: any) => [x.platform, x.channel, x.status])).toEqual([
      ['mailplat', 'email', 'submitted'],
      ['telegram', 'email', 'submitted'],
    ]);
  });

  it('retries after SMTP 4xx with the same Message-ID, later, from the durable queue', async () => {
    const s = start({ QUICK_RETRIES: 0, RETRY_BASE_MS: 60_000 });
    smtp.answer = (n) => (n === 1 ? { code: 451, message: 'greylisted, try again later' } : { accept: true });
    const c = await file(s, ['https://mailplat.test/g/1']);
    await s.worker.drain();
    let v = await view(s, c);
    expect(v.submissions[0]).toMatchObject({ status: 'queued', attempts: 1 });
    expect(v.submissions[0].lastError).toContain('451');
    expect(smtp.received).toHaveLength(0);

    s.clock.advance(60_000);
    await s.worker.drain();
    v = await view(s, c);
    expect(v.submissions[0]).toMatchObject({ status: 'submitted', attempts: 2 });
    expect(smtp.seen).toHaveLength(2);
    expect(smtp.received).toHaveLength(1);
    expect(smtp.seen[0]!.mail.messageId).toBe(smtp.seen[1]!.mail.messageId);
    expect(smtp.seen[0]!.mail.messageId).toBe(`<${noticeIdOf(s, c.submissions[0]!.id)}@takedown-service.test>`);
  });

  it('retries a quick SMTP 4xx at once within the same claim, same Message-ID', async () => {
    const s = start({ QUICK_RETRIES: 2 });
    smtp.answer = (n) => (n === 1 ? { code: 421, message: 'service not available' } : { accept: true });
    const c = await file(s, ['https://mailplat.test/q/1']);
    await s.worker.drain();
    const v = await view(s, c);
    expect(v.submissions[0]).toMatchObject({ status: 'submitted', attempts: 2 });
    expect(smtp.seen.map((m) => m.mail.messageId)).toEqual([smtp.received[0]!.mail.messageId, smtp.received[0]!.mail.messageId]);
  });

  it('rejects on SMTP 5xx and keeps the reason; the request needs attention', async () => {
    const s = start();
    smtp.answer = () => ({ code: 550, message: 'mailbox unavailable' });
    const c = await file(s, ['https://mailplat.test/r/1']);
    await s.worker.drain();
    const v = await view(s, c);
    expect(v.submissions[0].status).toBe('rejected');
    expect(v.submissions[0].lastError).toContain('550');
    expect(v.status).toBe('needs_attention');
    expect(smtp.seen).toHaveLength(1);
  });

  it('sends child sexual abuse to the platform’s child-safety address and to the hotline by e-mail, never with the reporter', async () => {
    const s = start({ HOTLINE_EMAIL: 'meldpunt@hotline.test', HOTLINE_LANGUAGE: 'nl', HOTLINE_NAME: 'Test Hotline' });
    const c = await file(s, ['https://t.me/somechannel/99', 'https://unclaimed-host.example/x'], {
      category: 'child_sexual_abuse',
      reporter: { role: 'third_party', name: 'Piet Unique-Name', email: 'piet.unique@example.org', phone: '+32 470 99 88 77' },
    });
    expect(c.submissions.map((x) => x.platform)).toEqual(['telegram', 'host:unclaimed-host.example', 'hotline']);
    await s.worker.drain();
    const byTo = new Map(smtp.received.map((m) => [m.envelopeTo.join(','), m]));
    const tg = byTo.get('stopCA@telegram.org') ?? byTo.get('stopca@telegram.org');
    const hl = byTo.get('meldpunt@hotline.test');
    expect(tg).toBeDefined();
    expect(hl).toBeDefined();
    expect(hl!.mail.subject).toBe(`[DRINGEND] Verzoek tot verwijdering ${c.reference}`);
    // The hotline hears about every link of the request, also the ones no platform claims.
    expect(hl!.mail.text).toContain('https://t.me/somechannel/99');
    expect(hl!.mail.text).toContain('https://unclaimed-host.example/x');
    for (const m of smtp.seen) {
      for (const part of [m.raw, m.mail.text ?? '', String(m.mail.html)]) {
        expect(part).not.toContain('Piet');
        expect(part).not.toContain('piet.unique');
        expect(part).not.toContain('99 88 77');
      }
      expect(m.mail.replyTo).toBeUndefined();
    }
    const v = await view(s, c);
    expect(v.submissions.find((x: any) => x.platform === 'hotline')).toMatchObject({ channel: 'email', status: 'submitted' });
  });
});
