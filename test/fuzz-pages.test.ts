import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { formFields } from '../src/web/form/report-form.js';
import { call, createTestServices, fileRequest, storedCounts, type TestServices } from './support/services.js';
import { FUZZ_RUNS, headerOf } from './support/fuzz.js';

// The forms and the webhook receiver, fuzzed like the API (fuzz-api.test.ts): 10,000 generated
// inputs per target; never a 5xx, a refused post changes nothing, and no case opens or closes
// without its code.
const ORIGIN = 'http://localhost';

const fingerprint = (s: TestServices) => {
  const withdrawn = s.database.sqlite.prepare('SELECT count(*) AS n FROM requests WHERE withdrawn_at IS NOT NULL').get() as { n: number };
  return { ...storedCounts(s), withdrawn: withdrawn.n };
};

async function openForm(s: TestServices) {
  const res = await s.app.request('/');
  const html = await res.text();
  return {
    cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]!,
    csrf: /name="csrf" value="([^"]+)"/.exec(html)![1]!,
  };
}

function postForm(s: TestServices, path: string, body: string, headers: Record<string, string> = {}) {
  return call(s.app, 'POST', path, {
    raw: body,
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN, ...headers },
  });
}

// Text a person or a script might type into a field: plain, hostile, very long, or not text at all.
const fieldText = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.webUrl(),
  fc.emailAddress(),
  fc.constantFrom(
    '',
    ' ',
    'yes',
    'no',
    'on',
    'intimate_image',
    'child_sexual_abuse',
    'victim',
    '<script>alert(1)</script>',
    '%00',
    '\u0000',
  ),
);

const reportFields = fc.dictionary(
  fc.oneof(fc.constantFrom(...formFields, 'formKey', 'intent'), fc.string({ maxLength: 12 })),
  fc.oneof(
    fieldText,
    fc.array(fc.webUrl(), { maxLength: 4 }).map((u) => u.join('\n')),
  ),
  { maxKeys: 12 },
);

// A form as a person fills it in, each answer sometimes replaced by anything at all: most of these
// are valid, so the filing path is fuzzed too and not only the refusals.
const filledForm = fc
  .tuple(
    fc.record({
      category: fc.constantFrom('intimate_image', 'sextortion', 'hidden_camera', 'child_sexual_abuse', 'harassment', 'other'),
      minorInvolved: fc.constantFrom('yes', 'no'),
      urgent: fc.constantFrom('yes', 'no'),
      urls: fc.array(fc.oneof(fc.webUrl(), fc.constant('https://alpha.test/p/1')), { minLength: 1, maxLength: 4 }).map((u) => u.join('\n')),
      explanation: fc.string({ unit: 'grapheme', maxLength: 200 }),
      role: fc.constantFrom('victim', 'parent_or_guardian', 'organisation', 'third_party'),
      name: fc.string({ maxLength: 40 }),
      email: fc.oneof(fc.constant(''), fc.emailAddress()),
      phone: fc.oneof(fc.constant(''), fc.string({ maxLength: 20 })),
      goodFaith: fc.constant('yes'),
    }),
    reportFields,
    fc.nat({ max: 3 }),
  )
  .map(([form, noise, keep]) => ({ ...form, ...Object.fromEntries(Object.entries(noise).slice(0, keep === 0 ? 1 : 0)) }));

const encode = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

describe('fuzzing the public pages and the webhook receiver', () => {
  it('POST / (the report form): generated answers never give 5xx, and a refused form files nothing', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }] });
    const session = await openForm(s);
    let filed = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(filledForm, reportFields), fc.boolean(), async (fields, withToken) => {
        const before = fingerprint(s);
        const res = await postForm(s, '/', encode({ ...fields, ...(withToken ? { csrf: session.csrf } : {}) }), { cookie: session.cookie });
        expect(res.status).toBeLessThan(500);
        expect(res.headers.get('content-type')).toContain('text/html');
        if (res.status !== 200 || !res.text.includes('TD-')) expect(fingerprint(s)).toEqual(before);
        else filed++;
      }),
      { numRuns: FUZZ_RUNS },
    );
    // Some generated forms are valid: the filing path was exercised, not only the refusals.
    if (FUZZ_RUNS >= 1000) expect(filed).toBeGreaterThan(FUZZ_RUNS / 50);
  }, 300_000);

  it('the form pages: generated raw bodies, content types and headers never give 5xx and change nothing', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }] });
    const session = await openForm(s);
    await fileRequest(s, ['https://alpha.test/1']);
    const header = headerOf(['content-type', 'origin', 'sec-fetch-site', 'cookie', 'accept-language', 'x-forwarded-for', 'referer']);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/', '/status', '/confirmation', '/status/withdraw', '/admin/sign-in', '/admin/sign-out', '/org/file'),
        fc.string({ unit: 'grapheme', maxLength: 500 }),
        fc.array(header, { maxLength: 4 }),
        async (path, raw, headers) => {
          const h: Record<string, string> = { cookie: session.cookie };
          for (const [k, v] of headers) h[k] = v;
          const before = fingerprint(s);
          const res = await postForm(s, path, raw, h);
          expect(res.status).toBeLessThan(500);
          expect(fingerprint(s)).toEqual(before);
        },
      ),
      { numRuns: FUZZ_RUNS },
    );
  }, 300_000);

  it('POST /status and /status/withdraw: generated codes never give 5xx, never show or withdraw a case', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }] });
    const session = await openForm(s);
    const filed = await fileRequest(s, ['https://alpha.test/1']);
    const reference = fc.oneof(
      fc.constant(filed.reference),
      fc.constant(filed.reference.toLowerCase().replace(/-/g, ' ')),
      fc.string({ maxLength: 20 }),
    );
    // Near misses of the real code as well as noise; never the code itself.
    const token = fc
      .oneof(
        fc.string({ maxLength: 60 }),
        fc.nat({ max: filed.statusToken.length - 1 }).map((i) => filed.statusToken.slice(0, i)),
        fc.nat({ max: filed.statusToken.length - 1 }).map((i) => `${filed.statusToken.slice(0, i)}x${filed.statusToken.slice(i + 1)}`),
      )
      .filter((t) => t.replace(/\s+/g, '') !== filed.statusToken);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/status', '/confirmation', '/status/withdraw'),
        reference,
        token,
        fc.constantFrom('yes', 'no', ''),
        async (path, ref, tok, confirm) => {
          const before = fingerprint(s);
          const res = await postForm(s, path, encode({ reference: ref, token: tok, confirm, csrf: session.csrf }), {
            cookie: session.cookie,
          });
          expect(res.status).toBeLessThan(500);
          expect(res.status).not.toBe(200);
          expect(res.text).not.toContain('https://alpha.test/1');
          expect(fingerprint(s)).toEqual(before);
        },
      ),
      { numRuns: FUZZ_RUNS },
    );
  }, 300_000);

  it('POST /admin/sign-in: generated logins and passwords never give 5xx and never open a session', async () => {
    const s = createTestServices({ config: { TRUST_PROXY: true } });
    const page = await s.app.request('/admin/sign-in');
    const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0]!;
    const csrf = /name="csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.constantFrom('login', 'password', 'next', 'csrf', 'lang'), fieldText, { maxKeys: 5 }),
        // Each run from its own address, so the per-address limit does not end the search early.
        fc.ipV4(),
        async (fields, address) => {
          const res = await postForm(s, '/admin/sign-in', encode({ csrf, ...fields }), { cookie, 'x-forwarded-for': address });
          expect(res.status).toBeLessThan(500);
          expect(res.status).not.toBe(303);
          expect(res.headers.get('set-cookie') ?? '').not.toMatch(/td_session=[^;]/);
        },
      ),
      { numRuns: FUZZ_RUNS },
    );
  }, 300_000);

  it('POST /api/v1/webhooks/{platform}: generated bodies, signed or not, never give 5xx; only a valid one is recorded', async () => {
    const key = `whsec_${randomBytes(24).toString('base64')}`;
    const s = createTestServices({ platforms: [{ id: 'hooked', webhookSecret: key }] });
    s.clock.set(Date.now());
    const webhook = new Webhook(key);
    const body = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 300 }),
      fc.anything().map((v) => JSON.stringify(v) ?? 'null'),
      fc
        .record(
          {
            noticeId: fc.oneof(fc.uuid(), fc.string()),
            status: fc.oneof(fc.constantFrom('received', 'removed', 'rejected', 'not_found'), fc.string()),
            url: fc.oneof(fc.webUrl(), fc.anything()),
            ticketId: fc.anything(),
            reason: fc.anything(),
          },
          { requiredKeys: [] },
        )
        .map((v) => JSON.stringify(v)),
    );
    const header = headerOf(['webhook-id', 'webhook-timestamp', 'webhook-signature', 'content-type']);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('hooked', 'unknown', '%00', '..'),
        body,
        fc.oneof(fc.constant('signed' as const), fc.array(header, { maxLength: 4 })),
        async (platform, raw, headers) => {
          const h: Record<string, string> = { 'content-type': 'application/json' };
          if (headers === 'signed') {
            const id = `msg_${randomBytes(6).toString('hex')}`;
            const at = new Date(s.clock.now());
            Object.assign(h, {
              'webhook-id': id,
              'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
              'webhook-signature': webhook.sign(id, at, raw),
            });
          } else for (const [k, v] of headers) h[k] = v;
          const before = fingerprint(s);
          const res = await call(s.app, 'POST', `/api/v1/webhooks/${platform}`, { raw, headers: h });
          expect(res.status).toBeLessThan(500);
          if (res.status >= 400) expect(res.headers.get('content-type')).toContain('application/problem+json');
          // No submission exists, so no generated body can be a confirmation of anything.
          expect(fingerprint(s)).toEqual(before);
        },
      ),
      { numRuns: FUZZ_RUNS },
    );
  }, 300_000);
});
