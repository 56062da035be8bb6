import { delay, http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { createCloudflareAdapter } from '../platforms/channels/cloudflare.js';
import { createRdapBootstrap } from '../platforms/rdap/bootstrap.js';
import type { HostLookup } from '../platforms/rdap/find-host-route.js';
import type { MailMessage, Mailer } from '../platforms/types.js';
import { abuseContacts } from '../src/db/schema.js';
import { createAbuseContactCache } from '../src/dispatch/abuse-contact-cache.js';
import { staticResolver } from '../src/http/resolver.js';
import { createSafeHttp } from '../src/http/safe-fetch.js';
import { useMsw } from './support/msw.js';
import { bootstrapHandlers, domainRecord, ipNetwork } from './support/rdap-fixtures.js';
import { call, createTestServices, requestBody } from './support/services.js';

const msw = useMsw();

function recordingMailer(): Mailer & { sent: MailMessage[] } {
  const sent: MailMessage[] = [];
  return {
    from: 'notices@takedown.example',
    sent,
    async send(message) {
      sent.push(message);
      return { response: '250 queued as 1' };
    },
  };
}

// Where the RDAP servers' names point; every fetch checks them like any other name.
const rdapServers = {
  'data.iana.org': '192.0.46.9',
  'rdap.db.ripe.net': '193.0.6.142',
  'rdap.arin.net': '199.5.26.46',
  'rdap.dns.be': '185.103.252.1',
  'rdap.verisign.com': '72.13.58.1',
};

// The host route wired as in production, with RDAP and Cloudflare answered by msw and names
// answered by a table. The RDAP fetches go through the SSRF-safe client.
function setUp(options: { names: Record<string, string | string[]>; timeoutMs?: number; cloudflare?: boolean }) {
  const mailer = recordingMailer();
  const resolver = staticResolver({ ...rdapServers, ...options.names });
  const safeHttp = createSafeHttp({ resolver, transport: (...a) => globalThis.fetch(...a) });
  const cloudflare = createCloudflareAdapter({
    accountId: options.cloudflare === false ? undefined : 'acc123',
    apiToken: options.cloudflare === false ? undefined : 'cf-token',
    identity: { name: 'Takedown', email: mailer.from },
  });
  let s: ReturnType<typeof createTestServices>;
  const lookup: HostLookup = {
    fetch: safeHttp.fetch,
    resolve: safeHttp.resolver,
    bootstrap: createRdapBootstrap({ fetch: safeHttp.fetch, now: () => s.clock.now() }),
    cache: { get: (h) => cache().get(h), set: (h, r, t) => cache().set(h, r, t) },
    timeoutMs: options.timeoutMs ?? 5_000,
    ttlMs: 7 * 24 * 3_600_000,
    now: () => s.clock.now(),
  };
  const cache = () => createAbuseContactCache({ db: s.database.db, now: () => s.clock.now() });
  s = createTestServices({ mailer, safeHttp, hostRoute: { lookup, cloudflare } });
  return { s, mailer };
}

async function fileAndSend(s: ReturnType<typeof createTestServices>, urls: string[], over: Record<string, unknown> = {}) {
  const res = await call(s.app, 'POST', '/api/v1/requests', { body: requestBody(urls, over) });
  expect(res.status).toBe(201);
  expect(res.json.submissions[0]).toMatchObject({ channel: 'host', status: 'queued' });
  await s.worker.drain();
  const view = await call(s.app, 'GET', `/api/v1/requests/${res.json.reference}`, { token: res.json.statusToken });
  return view.json;
}

describe('the host route', () => {
  it("e-mails the abuse contact of the network the host's address is in, and remembers it", async () => {
    const { s, mailer } = setUp({ names: { 'photos.example-club.be': '185.12.64.10' } });
    const counter = { bootstrap: 0, rdap: 0 };
    msw.use(
      ...bootstrapHandlers(counter),
      http.get('https://rdap.db.ripe.net/ip/185.12.64.10', () => {
        counter.rdap++;
        return HttpResponse.json(
          ipNetwork({
            handle: '185.12.64.0 - 185.12.67.255',
            name: 'EXAMPLE-HOSTING',
            holder: 'Example Hosting BV',
            abuse: 'Abuse@Example-Hosting.nl',
          }),
        );
      }),
    );
    const v = await fileAndSend(s, ['https://photos.example-club.be/album/7.jpg']);
    expect(v.submissions[0]).toMatchObject({ platform: 'host:example-club.be', channel: 'host', status: 'submitted' });
    expect(mailer.sent).toHaveLength(1);
    expect(mailer.sent[0]!.to).toEqual(['abuse@example-hosting.nl']);
    expect(mailer.sent[0]!.text).toContain('https://photos.example-club.be/album/7.jpg');
    expect(mailer.sent[0]!.subject).toMatch(/^Removal request TD-/); // abuse desks read English; the reporter wrote in French
    const submitted = v.events.find((e: any) => e.type === 'submitted');
    expect(submitted.detail).toContain('abuse@example-hosting.nl (Example Hosting BV)');
    expect(submitted.detail).toContain('rdap.db.ripe.net');

    // The contact is kept: a second case on the same host asks RDAP nothing.
    expect(
      s.database.db
        .select()
        .from(abuseContacts)
        .all()
        .map((r) => r.host),
    ).toEqual(['photos.example-club.be']);
    await fileAndSend(s, ['https://photos.example-club.be/album/8.jpg']);
    expect(counter.rdap).toBe(1);
    expect(mailer.sent.map((m) => m.to[0])).toEqual(['abuse@example-hosting.nl', 'abuse@example-hosting.nl']);

    // The same host written in capitals and fully qualified (a final dot) is the same host.
    const same = await fileAndSend(s, ['https://PHOTOS.example-club.be./album/9.jpg']);
    expect(same.submissions[0]).toMatchObject({ platform: 'host:example-club.be', status: 'submitted' });
    expect(counter.rdap).toBe(1);
    expect(mailer.sent).toHaveLength(3);
    expect(mailer.sent[2]!.to).toEqual(['abuse@example-hosting.nl']);
  });

  it("follows the registry's redirect and falls back to the registrar's abuse contact", async () => {
    const { s, mailer } = setUp({ names: { 'www.leaks.com': '23.45.67.89' } });
    msw.use(
      ...bootstrapHandlers(),
      // ARIN hands the query on; the network record there has no abuse entity.
      http.get('https://rdap.arin.net/registry/ip/23.45.67.89', () =>
        HttpResponse.redirect('https://rdap.db.ripe.net/ip/23.45.67.89', 301),
      ),
      http.get('https://rdap.db.ripe.net/ip/23.45.67.89', () =>
        HttpResponse.json(ipNetwork({ handle: 'NET-23', name: 'SOME-NET', holder: 'Some Network' })),
      ),
      http.get('https://rdap.verisign.com/com/v1/domain/leaks.com', () =>
        HttpResponse.json(domainRecord({ name: 'LEAKS.COM', registrar: 'Example Registrar, Inc.', abuse: 'abuse@registrar.example' })),
      ),
    );
    const v = await fileAndSend(s, ['https://www.leaks.com/v/1']);
    expect(v.submissions[0].status).toBe('submitted');
    expect(mailer.sent[0]!.to).toEqual(['abuse@registrar.example']);
    expect(v.events.find((e: any) => e.type === 'submitted').detail).toContain("registrar's abuse contact");
  });

  it("sends a host behind Cloudflare to Cloudflare's abuse-reports API", async () => {
    const { s, mailer } = setUp({ names: { 'cdn.hidden-host.com': ['104.21.3.4', '2606:4700:3031::6815:304'] } });
    const reports: any[] = [];
    msw.use(
      http.post('https://api.cloudflare.com/client/v4/accounts/acc123/abuse-reports/:type', async ({ request, params }) => {
        reports.push({ type: params.type, body: await request.json(), auth: request.headers.get('authorization') });
        return HttpResponse.json({ success: true, errors: [], messages: [], result: 'success' });
      }),
    );
    const v = await fileAndSend(s, ['https://cdn.hidden-host.com/x/1', 'https://cdn.hidden-host.com/x/2']);
    expect(v.submissions[0].status).toBe('submitted');
    expect(mailer.sent).toHaveLength(0);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ type: 'abuse_ncsei', auth: 'Bearer cf-token' });
    expect(reports[0].body.urls).toBe('https://cdn.hidden-host.com/x/1\nhttps://cdn.hidden-host.com/x/2');
    expect(JSON.stringify(reports[0].body)).not.toContain('A. Person');
    expect(v.events.find((e: any) => e.type === 'submitted').detail).toMatch(/Cloudflare.*published ranges/);
  });

  it('recognises Cloudflare from RDAP when the address is not in the published list', async () => {
    const { s } = setUp({ names: { 'www.elsewhere.com': '23.1.1.1' } });
    const reports: string[] = [];
    msw.use(
      ...bootstrapHandlers(),
      http.get('https://rdap.arin.net/registry/ip/23.1.1.1', () =>
        HttpResponse.json(
          ipNetwork({ handle: 'NET-CF', name: 'CLOUDFLARENET', holder: 'Cloudflare, Inc.', abuse: 'abuse@cloudflare.com' }),
        ),
      ),
      http.post('https://api.cloudflare.com/client/v4/accounts/acc123/abuse-reports/:type', ({ params }) => {
        reports.push(String(params.type));
        return HttpResponse.json({ success: true, result: 'success' });
      }),
    );
    const v = await fileAndSend(s, ['https://www.elsewhere.com/p'], { category: 'child_sexual_abuse' });
    expect(v.submissions[0].status).toBe('submitted');
    expect(reports).toEqual(['abuse_children']);
  });

  it('makes manual work that says what was tried when nothing is found', async () => {
    const { s, mailer } = setUp({ names: { 'files.nobody.be': '185.99.1.2' } });
    msw.use(
      ...bootstrapHandlers(),
      http.get('https://rdap.db.ripe.net/ip/185.99.1.2', () =>
        HttpResponse.json(ipNetwork({ handle: 'N', name: 'N', holder: 'Quiet Hosting' })),
      ),
      http.get('https://rdap.dns.be/domain/nobody.be', () => new HttpResponse(null, { status: 404 })),
    );
    const v = await fileAndSend(s, ['https://files.nobody.be/a']);
    expect(mailer.sent).toHaveLength(0);
    expect(v.submissions[0]).toMatchObject({ status: 'manual_pending', channel: 'host' });
    expect(v.submissions[0].lastError).toContain('no abuse contact found for files.nobody.be');
    expect(v.submissions[0].lastError).toContain('RDAP (rdap.db.ripe.net) for 185.99.1.2: no abuse contact');
    expect(v.submissions[0].lastError).toContain('the domain nobody.be is not registered');
    expect(v.submissions[0].manualTask.text).toContain('https://files.nobody.be/a');
    expect(v.events.at(-1)).toMatchObject({ type: 'routed' });
    expect(v.events.at(-1).detail).toMatch(/^manual work: /);
    expect(s.database.db.select().from(abuseContacts).all()).toHaveLength(0); // nothing found is not remembered
  });

  it('gives up within the time limit when RDAP does not answer', async () => {
    const { s } = setUp({ names: { 'slow.example-club.be': '185.12.64.11' }, timeoutMs: 300 });
    msw.use(
      ...bootstrapHandlers(),
      http.get('https://rdap.db.ripe.net/ip/185.12.64.11', async () => {
        await delay('infinite');
        return HttpResponse.json({});
      }),
    );
    const started = Date.now();
    const v = await fileAndSend(s, ['https://slow.example-club.be/a']);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(v.submissions[0].status).toBe('manual_pending');
    expect(v.submissions[0].lastError).toContain('gave up after 300 ms');
  });

  it('refuses an RDAP redirect to a private address and carries on', async () => {
    const { s, mailer } = setUp({ names: { 'a.trap.com': '23.9.9.9' } });
    let metadataHits = 0;
    msw.use(
      http.get('http://169.254.169.254/*', () => {
        metadataHits++;
        return HttpResponse.json({ secret: 'credentials' });
      }),
      ...bootstrapHandlers(),
      http.get('https://rdap.arin.net/registry/ip/23.9.9.9', () => HttpResponse.redirect('http://169.254.169.254/latest/meta-data/', 302)),
      http.get('https://rdap.verisign.com/com/v1/domain/trap.com', () =>
        HttpResponse.json(domainRecord({ name: 'TRAP.COM', registrar: 'R', abuse: 'abuse@r.example' })),
      ),
    );
    const v = await fileAndSend(s, ['https://a.trap.com/1']);
    expect(v.submissions[0].status).toBe('submitted');
    expect(mailer.sent[0]!.to).toEqual(['abuse@r.example']);
    expect(metadataHits).toBe(0);
  });

  it.each([
    ['in seconds', () => '60'],
    // A date is read against the service's clock, not the machine's (here ten months apart).
    ['as a date', (now: number) => new Date(now + 60_000).toUTCString()],
  ])('retries later, not by hand, when a registry rate-limits the look-up (Retry-After %s)', async (_, retryAfter) => {
    const { s, mailer } = setUp({ names: { 'busy.example-club.be': '185.12.64.12' } });
    let limited = true;
    msw.use(
      ...bootstrapHandlers(),
      http.get('https://rdap.db.ripe.net/ip/185.12.64.12', () =>
        limited
          ? new HttpResponse(null, { status: 429, headers: { 'retry-after': retryAfter(s.clock.now()) } })
          : HttpResponse.json(ipNetwork({ handle: 'N', name: 'N', holder: 'Busy Hosting', abuse: 'abuse@busy.example' })),
      ),
    );
    const res = await call(s.app, 'POST', '/api/v1/requests', { body: requestBody(['https://busy.example-club.be/a']) });
    await s.worker.drain();
    let v = (await call(s.app, 'GET', `/api/v1/requests/${res.json.reference}`, { token: res.json.statusToken })).json;
    expect(v.submissions[0]).toMatchObject({ status: 'queued' });
    expect(v.submissions[0].lastError).toContain('HTTP 429');
    expect(Date.parse(v.submissions[0].nextAttemptAt) - s.clock.now()).toBeGreaterThanOrEqual(60_000);
    limited = false;
    s.clock.advance(3_600_000);
    await s.worker.drain();
    v = (await call(s.app, 'GET', `/api/v1/requests/${res.json.reference}`, { token: res.json.statusToken })).json;
    expect(v.submissions[0].status).toBe('submitted');
    expect(mailer.sent[0]!.to).toEqual(['abuse@busy.example']);
  });

  it('without look-ups configured, host work is manual at once', async () => {
    const s = createTestServices();
    const res = await call(s.app, 'POST', '/api/v1/requests', { body: requestBody(['https://x.example-club.be/1']) });
    await s.worker.drain();
    const v = await call(s.app, 'GET', `/api/v1/requests/${res.json.reference}`, { token: res.json.statusToken });
    expect(v.json.submissions[0]).toMatchObject({
      status: 'manual_pending',
      lastError: 'no abuse-contact look-up is configured for hosting providers',
    });
  });
});
