import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { call, createTestServices, requestBody } from './support/services.js';
import { FUZZ_RUNS, headerOf } from './support/fuzz.js';

// 10,000 generated inputs per target: the service never answers 5xx, never stores a refused
// request, and never throws out of the request handler.

const rowCount = (s: ReturnType<typeof createTestServices>) =>
  (
    s.database.sqlite
      .prepare('SELECT (SELECT count(*) FROM requests) + (SELECT count(*) FROM submissions) + (SELECT count(*) FROM items) AS n')
      .get() as { n: number }
  ).n;

const validish = fc.record(
  {
    category: fc.oneof(
      fc.constantFrom('intimate_image', 'child_sexual_abuse', 'sextortion', 'hidden_camera', 'harassment', 'child_photo_misuse', 'other'),
      fc.string(),
    ),
    urgent: fc.oneof(fc.boolean(), fc.anything()),
    minorInvolved: fc.oneof(fc.boolean(), fc.anything()),
    urls: fc.oneof(fc.array(fc.oneof(fc.webUrl(), fc.string(), fc.anything()), { maxLength: 5 }), fc.anything()),
    explanation: fc.oneof(fc.string({ maxLength: 300 }), fc.anything()),
    reporter: fc.oneof(
      fc.record(
        {
          role: fc.oneof(fc.constantFrom('victim', 'parent_or_guardian', 'organisation'), fc.string()),
          email: fc.oneof(fc.emailAddress(), fc.string()),
          name: fc.string(),
        },
        { requiredKeys: [] },
      ),
      fc.anything(),
    ),
    locale: fc.oneof(fc.constantFrom('fr', 'nl', 'en', 'de'), fc.string()),
    goodFaith: fc.oneof(fc.constant(true), fc.anything()),
  },
  { requiredKeys: [] },
);

describe('fuzzing the public API', () => {
  it('POST /api/v1/requests: generated bodies never give 5xx, and refused ones store nothing', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }] });
    await fc.assert(
      fc.asyncProperty(fc.oneof(validish, fc.anything()), async (body) => {
        const before = rowCount(s);
        const res = await call(s.app, 'POST', '/api/v1/requests', {
          raw: JSON.stringify(body) ?? 'undefined',
          headers: { 'content-type': 'application/json' },
        });
        expect(res.status).toBeLessThan(500);
        if (res.status !== 201) {
          expect(rowCount(s)).toBe(before);
          expect(res.headers.get('content-type')).toContain('application/problem+json');
        }
      }),
      { numRuns: FUZZ_RUNS },
    );
  }, 300_000);

  it('generated raw bodies and headers never give 5xx', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }] });
    const header = headerOf([
      'content-type',
      'authorization',
      'idempotency-key',
      'content-length',
      'x-forwarded-for',
      'accept-language',
      'cookie',
    ]);
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 500 }), fc.array(header, { maxLength: 4 }), async (raw, headers) => {
        const h: Record<string, string> = {};
        for (const [k, v] of headers) if (k !== 'content-length') h[k] = v;
        const before = rowCount(s);
        const res = await call(s.app, 'POST', '/api/v1/requests', { raw, headers: h });
        expect(res.status).toBeLessThan(500);
        expect(rowCount(s)).toBe(before);
      }),
      { numRuns: FUZZ_RUNS },
    );
  }, 300_000);

  it('generated paths and methods never give 5xx, and never show a case without its token', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }] });
    const created = await call(s.app, 'POST', '/api/v1/requests', { body: requestBody(['https://alpha.test/1']) });
    const segment = fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.constantFrom(created.json.reference, 'withdraw', 'requests', 'webhooks', 'api', 'v1', '..', '%2e%2e', '%00'),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH'),
        fc.array(segment, { maxLength: 5 }),
        async (method, parts) => {
          const path = '/' + parts.map((p) => encodeURIComponent(p).replace(/%25/g, '%')).join('/');
          let res;
          try {
            res = await call(s.app, method, path, {
              raw: method === 'GET' ? undefined : '{}',
              headers: { 'content-type': 'application/json' },
            });
          } catch (err) {
            // A path the URL parser itself refuses never reaches the service.
            if (err instanceof TypeError) return;
            throw err;
          }
          expect(res.status).toBeLessThan(500);
          if (res.json?.reference === created.json.reference) throw new Error(`case shown without a token at ${method} ${path}`);
        },
      ),
      { numRuns: FUZZ_RUNS },
    );
  }, 300_000);
});
