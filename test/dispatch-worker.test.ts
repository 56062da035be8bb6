import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { call, createTestServices, requestBody } from './support/services.js';
import { record, useMsw, type Recorded } from './support/msw.js';

const server = useMsw();

async function file(s: ReturnType<typeof createTestServices>, urls: string[], over: Record<string, unknown> = {}) {
  const res = await call(s.app, 'POST', '/api/v1/requests', { body: requestBody(urls, over) });
  expect(res.status).toBe(201);
  return res.json as { reference: string; statusToken: string };
}

async function view(s: ReturnType<typeof createTestServices>, c: { reference: string; statusToken: string }) {
  return (await call(s.app, 'GET', `/api/v1/requests/${c.reference}`, { token: c.statusToken })).json;
}

describe('dispatch worker', () => {
  it('sends the contract wire format once and keeps the ticket id', async () => {
    const seen: Recorded[] = [];
    server.use(
      http.post('https://api.alpha.test/notices', async ({ request }) => {
        seen.push(await record(request));
        return HttpResponse.json({ ticketId: 'A-1' }, { status: 201 });
      }),
    );
    const s = createTestServices({
      platforms: [{ id: 'alpha', channel: { type: 'http', url: 'https://api.alpha.test/notices', token: 'secret-token' } }],
    });
    const c = await file(s, ['https://alpha.test/1']);
    await s.worker.drain();
    expect(seen).toHaveLength(1);
    expect(seen[0]!.headers.authorization).toBe('Bearer secret-token');
    expect(seen[0]!.headers['idempotency-key']).toBe(seen[0]!.body.noticeId);
    expect(seen[0]!.body).toMatchObject({
      reference: c.reference,
      category: 'intimate_image',
      urgent: false,
      urls: ['https://alpha.test/1'],
      goodFaith: true,
      reporter: { role: 'victim', name: 'A. Person', email: 'person@example.org' },
    });
    const v = await view(s, c);
    expect(v.submissions[0]).toMatchObject({ status: 'submitted', attempts: 1, ticketId: 'A-1' });
    expect(v.status).toBe('in_progress');
  });
});
