import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { buildCloudflareNotice, createCloudflareAdapter, reportTypeFor } from '../platforms/channels/cloudflare.js';
import { SendError } from '../platforms/send-error.js';
import type { NoticeInput } from '../platforms/types.js';
import { useMsw } from './support/msw.js';

const msw = useMsw();
const API = 'https://api.cloudflare.com/client/v4/accounts/acc123/abuse-reports';
const identity = { name: 'Takedown service', email: 'notices@takedown.example' };

function input(over: Partial<NoticeInput> = {}): NoticeInput {
  return {
    noticeId: 'n-1',
    reference: 'TD-ABCD-EFGH',
    category: 'intimate_image',
    urgent: true,
    minorInvolved: false,
    locale: 'nl',
    urls: ['https://a.example.com/1', 'https://a.example.com/2', 'https://b.example.com/3'],
    explanation: 'Private images posted without consent.',
    reporter: { role: 'victim', name: 'A. Person', email: 'person@example.org' },
    goodFaith: true,
    submittedAt: '2026-01-05T09:00:00.000Z',
    ...over,
  };
}

const ctx = (signal = new AbortController().signal) => ({
  idempotencyKey: 'n-1',
  signal,
  fetch: (...a: Parameters<typeof fetch>) => globalThis.fetch(...a),
});

describe('Cloudflare notices', () => {
  it('picks the report type from the category', () => {
    expect(reportTypeFor('child_sexual_abuse')).toBe('abuse_children');
    expect(reportTypeFor('intimate_image')).toBe('abuse_ncsei');
    expect(reportTypeFor('sextortion')).toBe('abuse_ncsei');
    expect(reportTypeFor('hidden_camera')).toBe('abuse_ncsei');
    expect(reportTypeFor('harassment')).toBe('abuse_general');
    expect(reportTypeFor('child_photo_misuse')).toBe('abuse_general');
  });

  it('files one report per hostname, at most 250 URLs each', () => {
    const many = Array.from({ length: 260 }, (_, i) => `https://big.example.com/p/${i}`);
    const notice = buildCloudflareNotice(input({ urls: [...many, 'https://other.example.com/x'] }), identity);
    expect(notice.reports.map((r) => [r.hostname, String(r.body.urls).split('\n').length])).toEqual([
      ['big.example.com', 250],
      ['big.example.com', 10],
      ['other.example.com', 1],
    ]);
    for (const r of notice.reports)
      expect(
        new Set(
          String(r.body.urls)
            .split('\n')
            .map((u) => new URL(u).hostname),
        ).size,
      ).toBe(1);
  });

  it('keeps within the field limits and never sends the reporter', () => {
    const long = 'x'.repeat(9_000);
    const general = buildCloudflareNotice(input({ category: 'harassment', explanation: long }), identity).reports[0]!.body;
    expect(String(general.justification).length).toBeLessThanOrEqual(5_000);
    expect(String(general.comments).length).toBeLessThanOrEqual(2_000);
    const ncsei = buildCloudflareNotice(input({ explanation: long }), identity).reports[0]!.body;
    expect(ncsei.justification).toBeUndefined();
    expect(String(ncsei.comments).length).toBeLessThanOrEqual(2_000);
    expect(ncsei).toMatchObject({
      act: 'abuse_ncsei',
      ncsei_subject_representation: true,
      host_notification: 'send-anon',
      email: identity.email,
      email2: identity.email,
    });
    const csam = buildCloudflareNotice(input({ category: 'child_sexual_abuse', reporter: null }), identity).reports[0]!.body;
    expect(csam).toMatchObject({ act: 'abuse_children', owner_notification: 'none', ncmec_notification: 'send-anon' });
    for (const body of [general, ncsei, csam]) {
      expect(JSON.stringify(body)).not.toContain('A. Person');
      expect(JSON.stringify(body)).not.toContain('person@example.org');
    }
  });
});

describe('the cloudflare adapter', () => {
  const adapter = createCloudflareAdapter({
    accountId: 'acc123',
    apiToken: 'cf-token',
    identity,
    now: () => Date.parse('2026-01-05T09:00:00Z'),
  });

  it('posts each report with the token and keeps any report id', async () => {
    const seen: Array<{ type: string; auth: string | null; body: any }> = [];
    msw.use(
      http.post(`${API}/:type`, async ({ request, params }) => {
        const body = (await request.json()) as any;
        seen.push({ type: String(params.type), auth: request.headers.get('authorization'), body });
        return HttpResponse.json({
          success: true,
          errors: [],
          messages: [],
          result: body.urls.includes('b.example.com') ? { id: 'rep_b' } : 'success',
        });
      }),
    );
    const outcome = await adapter.submit(adapter.buildNotice(input()), ctx());
    expect(seen.map((s) => [s.type, s.auth, s.body.act])).toEqual([
      ['abuse_ncsei', 'Bearer cf-token', 'abuse_ncsei'],
      ['abuse_ncsei', 'Bearer cf-token', 'abuse_ncsei'],
    ]);
    expect(outcome).toMatchObject({ kind: 'accepted', ticketId: 'rep_b' });
  });

  it('retries on 429 and 5xx, honouring Retry-After', async () => {
    msw.use(http.post(`${API}/:type`, () => HttpResponse.json({ success: false }, { status: 429, headers: { 'retry-after': '120' } })));
    const err = await adapter.submit(adapter.buildNotice(input()), ctx()).catch((e) => e);
    expect(err).toBeInstanceOf(SendError);
    expect(err).toMatchObject({ retryable: true, retryAfterMs: 120_000, status: 429 });
    msw.use(http.post(`${API}/:type`, () => new HttpResponse(null, { status: 502 })));
    await expect(adapter.submit(adapter.buildNotice(input()), ctx())).rejects.toMatchObject({ retryable: true, status: 502 });
  });

  it("rejects with Cloudflare's own error text on other 4xx", async () => {
    msw.use(
      http.post(`${API}/:type`, () =>
        HttpResponse.json(
          { success: false, errors: [{ code: 10003, message: 'urls: all URLs must have the same hostname' }] },
          { status: 400 },
        ),
      ),
    );
    const outcome = await adapter.submit(adapter.buildNotice(input()), ctx());
    expect(outcome).toEqual({ kind: 'rejected', reason: 'Cloudflare HTTP 400: 10003 urls: all URLs must have the same hostname' });
  });

  it('turns a refused token, or no configuration, into manual work pointing at the web form', async () => {
    msw.use(http.post(`${API}/:type`, () => HttpResponse.json({ success: false }, { status: 401 })));
    const refused = await adapter.submit(adapter.buildNotice(input()), ctx());
    expect(refused).toMatchObject({ kind: 'manual' });
    expect((refused as { reason: string }).reason).toContain('https://abuse.cloudflare.com/');
    const unconfigured = createCloudflareAdapter({ identity });
    const outcome = await unconfigured.submit(unconfigured.buildNotice(input()), ctx());
    expect(outcome).toMatchObject({ kind: 'manual' });
    expect((outcome as { reason: string }).reason).toContain('CLOUDFLARE_API_TOKEN');
    expect(unconfigured.manualTask!(unconfigured.buildNotice(input())).formUrl).toBe('https://abuse.cloudflare.com/');
  });

  it('reads the report status: in review is pending, accepted is an acknowledgement', async () => {
    msw.use(
      http.get(`${API}/:id`, ({ params, request }) => {
        expect(request.headers.get('authorization')).toBe('Bearer cf-token');
        return HttpResponse.json({
          success: true,
          result:
            params.id === 'rep_open'
              ? { id: 'rep_open', status: 'in_review', mitigation_summary: { active_count: 0 } }
              : {
                  id: 'rep_done',
                  status: 'accepted',
                  mitigation_summary: { active_count: 2, external_host_notified: true, accepted_url_count: 2 },
                },
        });
      }),
    );
    const c = { signal: new AbortController().signal, fetch: (...a: Parameters<typeof fetch>) => globalThis.fetch(...a) };
    expect(await adapter.checkStatus!('rep_open', c)).toEqual({ kind: 'pending' });
    expect(await adapter.checkStatus!('rep_done', c)).toEqual({
      kind: 'acknowledged',
      detail: 'accepted by Cloudflare, 2 mitigation(s) active, hosting provider notified',
    });
    expect(await adapter.checkStatus!('rep_open,rep_done', c)).toEqual({ kind: 'pending' });
  });
});
