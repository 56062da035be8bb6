import { createSafeHttp, type SafeHttp } from '../../src/http/safe-fetch.js';
import { http, HttpResponse } from 'msw';
import type { SetupServer } from 'msw/node';
import { Webhook } from 'standardwebhooks';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterEach } from 'vitest';

export const ALERT_URL = 'https://oncall.test/alerts';
export const ALERT_SECRET = 'whsec_' + Buffer.from('on-call alert secret, 32 bytes!!').toString('base64');

export interface ReceivedAlert {
  headers: Record<string, string>;
  raw: string;
  body: any;
}

// An on-call endpoint that checks every alert's Standard Webhooks signature the way a receiver
// would, and keeps what it accepted. `answer` lets a test make it fail.
export function alertReceiver(server: SetupServer, answer: () => number = () => 204) {
  const received: ReceivedAlert[] = [];
  const verifier = new Webhook(ALERT_SECRET);
  server.use(
    http.post(ALERT_URL, async ({ request }) => {
      const raw = await request.text();
      const headers = Object.fromEntries(request.headers.entries());
      // The signature is checked for the timestamp the sender gave; tests move the service's
      // clock far from the machine's, so the freshness window is not checked here.
      const expected = verifier.sign(headers['webhook-id'] ?? '', new Date(Number(headers['webhook-timestamp']) * 1000), raw);
      if (!(headers['webhook-signature'] ?? '').split(' ').includes(expected)) return new HttpResponse(null, { status: 401 });
      const status = answer();
      if (status < 300) received.push({ headers, raw, body: JSON.parse(raw) });
      return new HttpResponse(null, { status });
    }),
  );
  return received;
}

export interface ReceivedMail {
  to: string[];
  raw: string;
}

const smtpServers: SMTPServer[] = [];
afterEach(async () => {
  for (const s of smtpServers.splice(0)) await new Promise<void>((r) => s.close(() => r()));
});

// A real SMTP server on loopback: what reached it is what a mailbox would get.
export async function smtpSink(): Promise<{ url: string; mails: ReceivedMail[] }> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  smtpServers.push(server);
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, mails };
}

// Alerts go through the SSRF-safe client: in tests its transport is the global fetch (msw answers)
// and the on-call host resolves to a public address; other names stay unresolved, as in
// createTestServices, so URL re-checks in the same tests decide nothing.
export function alertHttp(): SafeHttp {
  const onCall = new URL(ALERT_URL).hostname;
  return createSafeHttp({
    resolver: async (hostname) => {
      if (hostname === onCall) return [{ address: '93.184.216.34', family: 4 }];
      throw Object.assign(new Error(`no resolver in this test for ${hostname}`), { code: 'EAI_AGAIN' });
    },
    transport: (...args) => globalThis.fetch(...args),
  });
}
