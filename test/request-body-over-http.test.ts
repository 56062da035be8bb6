import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestServices, requestBody, storedCounts } from './support/services.js';

// Bodies as Node's HTTP server hands them over (the service reads IncomingMessage directly there,
// not the web Request it reads under app.request()): the same answers, the same limits.
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function listen(app: { fetch: (req: Request, env?: unknown) => Response | Promise<Response> }) {
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server;
  servers.push(server);
  await new Promise<void>((r) => (server.listening ? r() : server.once('listening', () => r())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('request bodies over a real socket', () => {
  it('files a request, refuses malformed JSON and a body over 64 KiB, and stores only the first', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }] });
    const base = await listen(s.app);
    const post = (body: string) =>
      fetch(`${base}/api/v1/requests`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

    const created = await post(JSON.stringify(requestBody(['https://alpha.test/over-http'])));
    expect(created.status).toBe(201);
    expect(((await created.json()) as { reference: string }).reference).toMatch(/^TD-/);

    const malformed = await post('{"category": ');
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toContain('application/problem+json');

    const huge = await post(JSON.stringify(requestBody(['https://alpha.test/x'], { explanation: 'x'.repeat(70 * 1024) })));
    expect(huge.status).toBe(413);
    expect(huge.headers.get('content-type')).toContain('application/problem+json');

    expect(storedCounts(s).requests).toBe(1);
  });

  it('reads a body sent in many small chunks whole', async () => {
    const s = createTestServices({ platforms: [{ id: 'alpha' }] });
    const base = await listen(s.app);
    const text = JSON.stringify(requestBody(['https://alpha.test/chunked'], { explanation: 'é'.repeat(3000) }));
    const bytes = new TextEncoder().encode(text);
    // Split inside multi-byte characters too: decoding happens once, on the whole body.
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 333) controller.enqueue(bytes.slice(i, i + 333));
        controller.close();
      },
    });
    const res = await fetch(`${base}/api/v1/requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(201);
    expect(storedCounts(s).requests).toBe(1);
  });
});
