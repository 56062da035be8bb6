import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHttpAdapter, buildHttpNotice } from '../platforms/channels/http.js';
import { createRegistry } from '../platforms/registry.js';
import { SendError, classifyThrown } from '../platforms/send-error.js';
import { createApp } from '../src/app.js';
import { manualClock } from '../src/clock.js';
import { testConfig } from '../src/config.js';
import { createOutboundHttp, type OutboundHttp } from '../src/http/outbound-fetch.js';
import { createLogger } from '../src/logger.js';
import { createServices } from '../src/services.js';
import { call, requestBody } from './support/services.js';

// The real transport (undici's request with its own Agent, behind a fetch-shaped function) against a
// real socket on loopback: what production does, which msw-based tests cannot show.
describe('outbound HTTP through undici', () => {
  let server: Server;
  let base: string;
  let connections = 0;
  let handler: (req: IncomingMessage, body: string, res: ServerResponse) => void = () => {};
  const received: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: string }> = [];
  let outbound: OutboundHttp;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ method: req.method!, url: req.url!, headers: req.headers, body });
        handler(req, body, res);
      });
    });
    server.on('connection', () => connections++);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    outbound = createOutboundHttp({ headersTimeoutMs: 300, bodyTimeoutMs: 300, connectTimeoutMs: 1_000, maxAnswerBytes: 64 * 1024 });
  });
  afterEach(() => {
    received.length = 0;
  });
  afterAll(async () => {
    await outbound.close();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('delivers a notice end to end: worker, http adapter, undici, socket', async () => {
    handler = (_req, _body, res) => {
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ticketId: 'LOOP-1' }));
    };
    const clock = manualClock();
    const registry = createRegistry([
      createHttpAdapter({
        id: 'loop',
        name: 'Loopback',
        domains: ['loop.test'],
        channel: { type: 'http', url: `${base}/notices`, token: 'tok' },
        now: clock.now,
      }),
    ]);
    const services = createServices({
      config: testConfig({ DATABASE_PATH: ':memory:' }),
      fetch: outbound.fetch,
      clock,
      registry,
      logger: createLogger({ level: 'silent' }),
    });
    try {
      const app = createApp(services);
      const created = await call(app, 'POST', '/api/v1/requests', { body: requestBody(['https://loop.test/a', 'https://loop.test/b']) });
      await services.worker.drain();

      expect(received).toHaveLength(1);
      const [r] = received;
      expect(r!.method).toBe('POST');
      expect(r!.url).toBe('/notices');
      expect(r!.headers['content-type']).toBe('application/json');
      expect(r!.headers.authorization).toBe('Bearer tok');
      const body = JSON.parse(r!.body);
      expect(r!.headers['idempotency-key']).toBe(body.noticeId);
      expect(body).toMatchObject({ reference: created.json.reference, urls: ['https://loop.test/a', 'https://loop.test/b'] });
      const view = await call(app, 'GET', `/api/v1/requests/${created.json.reference}`, { token: created.json.statusToken });
      expect(view.json.submissions[0]).toMatchObject({ status: 'submitted', ticketId: 'LOOP-1', attempts: 1 });
    } finally {
      services.close();
    }
  });

  const adapter = () =>
    createHttpAdapter({ id: 'loop', name: 'Loopback', domains: ['loop.test'], channel: { type: 'http', url: `${base}/notices` } });
  const notice = buildHttpNotice({
    noticeId: 'n-1',
    reference: 'TD-AAAA-BBBB',
    category: 'other',
    urgent: false,
    minorInvolved: false,
    locale: 'en',
    urls: ['https://loop.test/a'],
    explanation: 'x',
    reporter: null,
    goodFaith: true,
    submittedAt: new Date(0).toISOString(),
  });

  it('keeps the connection alive between notices', async () => {
    handler = (_req, _body, res) => res.writeHead(200).end('{}');
    const before = connections;
    for (let i = 0; i < 3; i++) {
      const outcome = await adapter().submit(notice, {
        idempotencyKey: `k${i}`,
        fetch: outbound.fetch,
        signal: AbortSignal.timeout(2_000),
      });
      expect(outcome.kind).toBe('accepted');
    }
    expect(connections - before).toBeLessThanOrEqual(1);
  });

  it('turns a 503 with Retry-After into a retryable error that says when', async () => {
    handler = (_req, _body, res) => res.writeHead(503, { 'retry-after': '7' }).end('maintenance');
    const err = await adapter()
      .submit(notice, { idempotencyKey: 'k', fetch: outbound.fetch, signal: AbortSignal.timeout(2_000) })
      .catch((e) => e);
    expect(err).toBeInstanceOf(SendError);
    expect(err).toMatchObject({ retryable: true, status: 503, retryAfterMs: 7_000, message: 'HTTP 503: maintenance' });
  });

  it('gives up on a platform that never sends its headers, as a retryable error', async () => {
    handler = () => {}; // never answers
    const err = await adapter()
      .submit(notice, { idempotencyKey: 'k', fetch: outbound.fetch, signal: AbortSignal.timeout(5_000) })
      .catch((e) => e);
    const classified = classifyThrown(err);
    expect(classified.retryable).toBe(true);
    expect(classified.message).toMatch(/network error|did not answer in time/);
  });

  it('refuses a refused connection as a retryable network error', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const err = await outbound.fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: '{}' }).catch((e) => e);
    expect(classifyThrown(err)).toMatchObject({ retryable: true, message: expect.stringContaining('ECONNREFUSED') });
  });

  it('reads an answer as fetch would: status, ok, headers by any case, text and JSON', async () => {
    handler = (_req, _body, res) => {
      res.setHeader('x-ticket', 'T-9');
      res.setHeader('set-cookie', ['a=1', 'b=2']);
      res.writeHead(202, { 'content-type': 'application/json' }).end('{"ticketId":"T-9","n":[1,2]}');
    };
    const res = await outbound.fetch(`${base}/notices?x=1&y=%20`, {
      method: 'post',
      headers: new Headers({ 'Content-Type': 'application/json', 'Idempotency-Key': 'k-1' }),
      body: '{"a":1}',
    });
    expect(received[0]).toMatchObject({ method: 'POST', url: '/notices?x=1&y=%20', body: '{"a":1}' });
    expect(received[0]!.headers).toMatchObject({ 'content-type': 'application/json', 'idempotency-key': 'k-1' });
    expect(res.status).toBe(202);
    expect(res.ok).toBe(true);
    expect(res.headers.get('X-Ticket')).toBe('T-9');
    expect(res.headers.has('x-missing')).toBe(false);
    expect(res.headers.get('set-cookie')).toBe('a=1, b=2');
    expect(await res.json()).toEqual({ ticketId: 'T-9', n: [1, 2] });

    handler = (_req, _body, res) => res.writeHead(404).end('no such notice');
    const missing = await outbound.fetch(`${base}/x`);
    expect(received[1]!.method).toBe('GET');
    expect([missing.status, missing.ok, await missing.text()]).toEqual([404, false, 'no such notice']);
  });

  it('gives a text body the content type fetch gives it unless the caller set one', async () => {
    handler = (_req, _body, res) => res.writeHead(204).end();
    const res = await outbound.fetch(`${base}/t`, { method: 'POST', body: 'plain words' });
    expect(received[0]!.headers['content-type']).toBe('text/plain;charset=UTF-8');
    expect([res.status, await res.text()]).toEqual([204, '']);
    await outbound.fetch(`${base}/t`, { method: 'POST', body: new URLSearchParams({ a: '1 2' }) });
    expect(received[1]).toMatchObject({ body: 'a=1+2', headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' } });
  });

  it('hands a redirect back as it came when asked to, and follows it otherwise', async () => {
    handler = (req, _body, res) => {
      if (req.url === '/old') res.writeHead(302, { location: '/new' }).end();
      else res.writeHead(200).end('here');
    };
    const manual = await outbound.fetch(`${base}/old`, { redirect: 'manual' });
    expect([manual.status, manual.headers.get('location')]).toEqual([302, '/new']);
    expect(received.map((r) => r.url)).toEqual(['/old']);
    const followed = await outbound.fetch(`${base}/old`);
    expect([followed.status, await followed.text()]).toEqual([200, 'here']);
    expect(received.map((r) => r.url)).toEqual(['/old', '/old', '/new']);
    await expect(outbound.fetch(`${base}/old`, { redirect: 'error' })).rejects.toThrow(TypeError);
  });

  it('keeps no more of an answer than its cap, and the next notice still goes out', async () => {
    const big = 'x'.repeat(1024 * 1024);
    handler = (req, _body, res) => (req.url === '/big' ? res.writeHead(200).end(big) : res.writeHead(200).end('ok'));
    const res = await outbound.fetch(`${base}/big`);
    expect((await res.text()).length).toBe(64 * 1024);
    expect(await (await outbound.fetch(`${base}/small`)).text()).toBe('ok');
  });

  it("rejects with the caller's abort reason, which the worker counts as a timeout", async () => {
    handler = () => {}; // never answers
    const controller = new AbortController();
    setTimeout(() => controller.abort(new DOMException('the platform did not answer in time', 'TimeoutError')), 20);
    const err = await outbound.fetch(`${base}/slow`, { method: 'POST', body: '{}', signal: controller.signal }).catch((e) => e);
    expect(err).toMatchObject({ name: 'TimeoutError' });
    expect(classifyThrown(err)).toMatchObject({ retryable: true, reason: 'timeout' });
    await expect(outbound.fetch(`${base}/slow`, { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('refuses a body it cannot send, and sends nothing', async () => {
    const form = new FormData();
    form.set('a', '1');
    await expect(outbound.fetch(`${base}/form`, { method: 'POST', body: form })).rejects.toThrow(/sends strings/);
    expect(received).toHaveLength(0);
  });
});
