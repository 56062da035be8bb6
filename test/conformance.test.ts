import { delay, http, HttpResponse } from 'msw';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { builtInPlatforms } from '../platforms/catalogue/index.js';
import { cloudflareNoticeSchema, createCloudflareAdapter } from '../platforms/channels/cloudflare.js';
import { emailNoticeSchema } from '../platforms/channels/email.js';
import { httpNoticeSchema } from '../platforms/channels/http.js';
import { manualNoticeSchema } from '../platforms/channels/manual.js';
import { createHostAdapter, hostNoticeSchema } from '../platforms/host.js';
import { createHotlineAdapter, HOTLINE_ID } from '../platforms/hotline.js';
import { platformEntrySchema } from '../platforms/platforms-file.js';
import { adapterFromEntry } from '../platforms/registry.js';
import { classifyThrown, SendError } from '../platforms/send-error.js';
import { categories, channelTypes, type Category, type Mailer, type NoticeInput, type PlatformAdapter } from '../platforms/types.js';
import { createSmtpMailer } from '../src/mail/smtp-mailer.js';
import { useMsw } from './support/msw.js';
import { useSmtpServer } from './support/smtp.js';

// One suite, run against every adapter the service can build: each built-in platform, each
// channel as PLATFORMS_FILE configures it, the hotline in each of its forms and the host route.
// An adapter that joins the catalogue is checked here without writing a test for it.

const server = useMsw();
const smtp = useSmtpServer();
const NOW = Date.parse('2026-01-05T09:00:00Z');

// The mailer is created once the SMTP server has its port; adapters read it at send time.
let realMailer: (Mailer & { close(): void }) | undefined;
const mailer: Mailer = {
  from: 'takedown@hotline-service.test',
  send: (message, options) => realMailer!.send(message, options),
};
beforeAll(() => {
  realMailer = createSmtpMailer({ url: smtp.url, from: mailer.from, timeoutMs: 400 });
});
afterAll(() => realMailer?.close());
beforeEach(() => smtp.reset());

const deps = { now: () => NOW, mailer };
const entry = (e: unknown) => adapterFromEntry(platformEntrySchema.parse(e), deps);

// The same e-mail adapter, with another mailer: for a server that is not there at all.
function entryWithMailer(adapter: PlatformAdapter, other: Mailer): PlatformAdapter {
  const saved = realMailer;
  return {
    ...adapter,
    submit: async (notice, c) => {
      realMailer = other as typeof realMailer;
      try {
        return await adapter.submit(notice, c);
      } finally {
        realMailer = saved;
      }
    },
  };
}

interface Sample {
  adapter: PlatformAdapter;
  /** For `http` adapters: where notices go. */
  endpoint?: string;
  builtIn?: boolean;
}

const samples: Sample[] = [
  ...builtInPlatforms(deps).map((adapter) => ({ adapter, builtIn: true })),
  {
    adapter: entry({
      id: 'partner',
      name: 'Partner (http)',
      domains: ['partner.test'],
      channel: { type: 'http', url: 'https://api.partner.test/notices', token: 't0k' },
    }),
    endpoint: 'https://api.partner.test/notices',
  },
  {
    adapter: entry({ id: 'mailed', name: 'Mailed (email)', domains: ['mailed.test'], channel: { type: 'email', to: 'abuse@mailed.test' } }),
  },
  {
    adapter: entry({
      id: 'formonly',
      name: 'Form only (manual)',
      domains: ['formonly.test'],
      channel: { type: 'manual', formUrl: 'https://formonly.test/report' },
    }),
  },
  { adapter: entry({ id: 'noform', name: 'No form (manual)', domains: ['noform.test'], channel: { type: 'manual' } }) },
  { adapter: createHotlineAdapter({}, deps) },
  {
    adapter: createHotlineAdapter({ url: 'https://hotline.test/api/reports', token: 'h' }, deps),
    endpoint: 'https://hotline.test/api/reports',
  },
  { adapter: createHotlineAdapter({ email: 'reports@hotline.test', language: 'nl' }, deps) },
  { adapter: createHostAdapter('host:example-club.be') },
  {
    adapter: createCloudflareAdapter({
      accountId: 'acc123',
      apiToken: 'cf-token',
      identity: { name: 'Takedown service', email: 'reports@takedown-service.test' },
      now: () => NOW,
    }),
  },
];

const label = (s: Sample) => `${s.adapter.id} (${s.adapter.channel}${s.builtIn ? ', built-in' : ''})`;
const byChannel = (c: string) => samples.filter((s) => s.adapter.channel === c).map((s) => [label(s), s] as const);

const person = { role: 'victim' as const, name: 'Marie Dupont-Unique', email: 'marie.unique@example.org', phone: '+32 470 12 34 56' };

function input(over: Partial<NoticeInput> = {}): NoticeInput {
  return {
    noticeId: '7a1c2f30-0b7e-4c1e-9a51-6f0f3f6d2e11',
    reference: 'TD-7K3M-9QXA',
    category: 'intimate_image',
    urgent: true,
    minorInvolved: false,
    locale: 'fr',
    urls: ['https://content.example/p/1', 'https://content.example/p/2'],
    explanation: 'Shared without consent.',
    // Deliberately unreduced: the adapter must not rely on its caller to drop what may not go out.
    reporter: person,
    goodFaith: true,
    submittedAt: new Date(NOW).toISOString(),
    ...over,
  };
}

// Everything that could leave the service for this notice: the notice itself and, for manual
// work, the prepared task (shown to whoever files the form).
function outgoing(adapter: PlatformAdapter, notice: unknown): string {
  return JSON.stringify([notice, adapter.manualTask?.(notice) ?? null]);
}

function ctx(over: { signal?: AbortSignal; fetch?: typeof fetch } = {}) {
  return {
    idempotencyKey: '7a1c2f30-0b7e-4c1e-9a51-6f0f3f6d2e11',
    signal: over.signal ?? new AbortController().signal,
    fetch: over.fetch ?? ((...a: Parameters<typeof fetch>) => globalThis.fetch(...a)),
  };
}

async function thrownBy(p: Promise<unknown>): Promise<SendError> {
  try {
    await p;
  } catch (err) {
    return classifyThrown(err);
  }
  throw new Error('expected the send to throw');
}

describe.each(samples.map((s) => [label(s), s] as const))('adapter %s', (_name, { adapter, builtIn }) => {
  it('builds the same JSON-safe notice from the same input, and it passes its channel schema', () => {
    const a = adapter.buildNotice(input());
    expect(adapter.buildNotice(input())).toEqual(a);
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
    const schema = {
      http: httpNoticeSchema,
      email: emailNoticeSchema,
      manual: manualNoticeSchema,
      host: hostNoticeSchema,
      cloudflare: cloudflareNoticeSchema,
    }[adapter.channel as 'http'];
    expect(schema, `no notice schema for channel ${adapter.channel}`).toBeDefined();
    expect(schema.safeParse(a).success).toBe(true);
  });

  it.each(categories)('never sends the reporter’s phone number (%s)', (category) => {
    const out = outgoing(adapter, adapter.buildNotice(input({ category })));
    expect(out).not.toContain('470 12 34 56');
    expect(out.replace(/[\s().\-/]/g, '')).not.toContain('+32470123456');
    expect(out).not.toContain('"phone"');
  });

  it('forwards no reporter identity for child sexual abuse, whatever the caller passed', () => {
    const out = outgoing(adapter, adapter.buildNotice(input({ category: 'child_sexual_abuse' })));
    expect(out).not.toContain(person.name);
    expect(out).not.toContain(person.email);
    expect(out).not.toContain('Dupont');
  });

  it('forwards no identity for an anonymous report', () => {
    const out = outgoing(adapter, adapter.buildNotice(input({ reporter: null, category: 'harassment' })));
    expect(out).not.toContain('@example.org');
    for (const u of input().urls) expect(out).toContain(u);
  });

  it('carries the exact URLs and the good-faith statement', () => {
    const out = outgoing(adapter, adapter.buildNotice(input({ locale: 'en' })));
    for (const u of input().urls) expect(out).toContain(u);
    if (adapter.channel !== 'http') expect(out).toMatch(/good faith|bonne foi|goeder trouw|gutem Glauben/);
  });

  it.runIf(builtIn || adapter.id === 'hotline')('declares a response clock', () => {
    expect(adapter.responseHours).toBeDefined();
    expect(adapter.responseHours!.acknowledge).toBeGreaterThan(0);
    expect(adapter.responseHours!.remove).toBeGreaterThanOrEqual(adapter.responseHours!.acknowledge);
  });
});

describe.each(byChannel('http'))('http adapter %s on the wire', (_name, { adapter, endpoint }) => {
  const send = (signal?: AbortSignal) => adapter.submit(adapter.buildNotice(input()), ctx({ signal }));
  const answer = (status: number, headers: Record<string, string> = {}, body: unknown = { error: 'x' }) =>
    server.use(http.post(endpoint!, () => HttpResponse.json(body as object, { status, headers })));

  it('accepts 2xx with its ticket id and 409 as already received, sending the notice id as Idempotency-Key', async () => {
    let key: string | null = null;
    server.use(
      http.post(endpoint!, ({ request }) => {
        key = request.headers.get('idempotency-key');
        return HttpResponse.json({ ticketId: 'T-9' }, { status: 201 });
      }),
    );
    expect(await send()).toMatchObject({ kind: 'accepted', ticketId: 'T-9' });
    expect(key).toBe(ctx().idempotencyKey);
    answer(409);
    expect(await send()).toMatchObject({ kind: 'accepted' });
  });

  it('throws a retryable error for 429, honouring Retry-After in seconds and as a date', async () => {
    answer(429, { 'retry-after': '120' });
    expect(await thrownBy(send())).toMatchObject({ retryable: true, status: 429, retryAfterMs: 120_000 });
    answer(429, { 'retry-after': new Date(NOW + 90_000).toUTCString() });
    expect(await thrownBy(send())).toMatchObject({ retryable: true, retryAfterMs: 90_000 });
  });

  it.each([500, 502, 503, 504])('throws a retryable error for %i', async (status) => {
    answer(status, { 'retry-after': '5' });
    expect(await thrownBy(send())).toMatchObject({ retryable: true, status, retryAfterMs: 5_000 });
  });

  it.each([400, 401, 403, 404, 410, 413, 422])('rejects %i for good, keeping the reason', async (status) => {
    answer(status, {}, { error: `refused-${status}` });
    const out = await send();
    expect(out.kind).toBe('rejected');
    expect(out.kind === 'rejected' && out.reason).toContain(`refused-${status}`);
  });

  it('makes a timeout retryable', async () => {
    const timer = new AbortController();
    server.use(
      http.post(endpoint!, async () => {
        timer.abort(new DOMException('the operation timed out', 'TimeoutError'));
        await delay('infinite');
        return HttpResponse.json({});
      }),
    );
    expect(await thrownBy(send(timer.signal))).toMatchObject({ retryable: true });
  });

  it('makes a network error retryable', async () => {
    server.use(http.post(endpoint!, () => HttpResponse.error()));
    expect(await thrownBy(send())).toMatchObject({ retryable: true });
  });

  it('sends no reporter for child sexual abuse, and never more than role, name and e-mail otherwise', async () => {
    const bodies: any[] = [];
    server.use(
      http.post(endpoint!, async ({ request }) => {
        bodies.push(await request.json());
        return HttpResponse.json({ ticketId: 'x' });
      }),
    );
    await adapter.submit(adapter.buildNotice(input({ category: 'child_sexual_abuse' })), ctx());
    await adapter.submit(adapter.buildNotice(input({ category: 'harassment' })), ctx());
    expect(bodies[0].reporter).toBeNull();
    // The hotline never hears who reported, whatever the category.
    if (adapter.id === HOTLINE_ID) expect(bodies[1].reporter).toBeNull();
    else expect(Object.keys(bodies[1].reporter).sort()).toEqual(['email', 'name', 'role']);
  });
});

describe.each(byChannel('email'))('email adapter %s through a real SMTP server', (_name, { adapter }) => {
  const send = () => adapter.submit(adapter.buildNotice(input()), ctx());

  it('is accepted when the server takes the message', async () => {
    expect(await send()).toMatchObject({ kind: 'accepted' });
    expect(smtp.received).toHaveLength(1);
  });

  it.each([421, 450, 451, 452])('throws a retryable error on SMTP %i', async (code) => {
    smtp.answer = () => ({ code, message: 'try again later' });
    expect(await thrownBy(send())).toMatchObject({ retryable: true, status: code });
  });

  it.each([550, 552, 553, 554])('rejects on SMTP %i', async (code) => {
    smtp.answer = () => ({ code, message: 'mailbox refused' });
    const out = await send();
    expect(out.kind).toBe('rejected');
    expect(out.kind === 'rejected' && out.reason).toContain(String(code));
  });

  it('makes a server that never answers retryable once the time limit passes', async () => {
    const timer = new AbortController();
    smtp.answer = () => {
      timer.abort(new DOMException('the operation timed out', 'TimeoutError'));
      return { hang: true };
    };
    expect(await thrownBy(adapter.submit(adapter.buildNotice(input()), ctx({ signal: timer.signal })))).toMatchObject({
      retryable: true,
    });
  });

  it('makes a refused connection retryable', async () => {
    const closed = createSmtpMailer({ url: 'smtp://127.0.0.1:1', from: mailer.from, timeoutMs: 2_000 });
    const rebuilt = entryWithMailer(adapter, closed);
    expect(await thrownBy(rebuilt.submit(rebuilt.buildNotice(input()), ctx()))).toMatchObject({ retryable: true });
    closed.close();
  });
});

describe.each(byChannel('manual'))('manual adapter %s', (_name, { adapter }) => {
  it('never sends anything on its own', async () => {
    const calls: unknown[] = [];
    const out = await adapter.submit(adapter.buildNotice(input()), ctx({ fetch: async (...a) => (calls.push(a), new Response()) }));
    expect(out.kind).toBe('rejected');
    expect(calls).toEqual([]);
  });

  it.each(categories)('gives a task for %s: a form address or an explicit none, a checklist, the prepared text', (category: Category) => {
    const task = adapter.manualTask!(adapter.buildNotice(input({ category })));
    expect(task.formUrl === null || /^https:\/\//.test(task.formUrl)).toBe(true);
    if (task.formUrl === null) expect(task.note ?? '').not.toBe('');
    if (task.formUrl !== null) expect(() => new URL(task.formUrl!)).not.toThrow();
    expect(task.checklist.length).toBeGreaterThan(0);
    expect(task.checklist.every((c) => c.trim().length > 0)).toBe(true);
    for (const u of input().urls) expect(task.text).toContain(u);
    expect(task.caseworkerFields).toEqual(expect.arrayContaining(['ticketId', 'outcome']));
    if (category === 'child_sexual_abuse') expect(task.checklist[0]).toMatch(/never enter the reporter/);
  });
});

it('covers every channel an adapter can have', () => {
  expect(new Set(samples.map((s) => s.adapter.channel))).toEqual(new Set(channelTypes));
  expect(samples.filter((s) => s.builtIn)).toHaveLength(23);
});
