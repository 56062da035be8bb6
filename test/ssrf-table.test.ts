import { describe, expect, it } from 'vitest';
import type { RdapBootstrap } from '../platforms/rdap/bootstrap.js';
import { rdapQuery } from '../platforms/rdap/client.js';
import { checkUrl } from '../src/confirm/check-url.js';
import { staticResolver, type Resolver } from '../src/http/resolver.js';
import { createSafeHttp, type SafeHttp } from '../src/http/safe-fetch.js';
import { startLoopbackServer } from './support/loopback-server.js';

// Every way a user-supplied or registry-supplied URL could reach inside the network, tried against
// every client that fetches such URLs: the URL re-check, the RDAP look-up and on-call alerts. All must be refused
// before any connection is made. The live loopback server proves it: it would answer if asked.

const names = staticResolver({
  'internal.evil.test': '10.1.2.3',
  'metadata.evil.test': '169.254.169.254',
  'mixed.evil.test': ['93.184.215.14', '192.168.0.10'],
  'ula.evil.test': 'fd12:3456::1',
  'mapped.evil.test': '::ffff:127.0.0.1',
});

type Client = (http: SafeHttp, url: string) => Promise<string>;

// Each client answers "refused: …" or what it got.
const clients: Record<string, Client> = {
  're-check': async (http, url) => {
    const r = await checkUrl({ http, url, now: Date.now });
    return r.outcome === 'inconclusive' ? r.detail : `${r.outcome} ${r.detail}`;
  },
  RDAP: async (http, url) => {
    const bootstrap: RdapBootstrap = { serversForDomain: async () => [url], serversForIp: async () => [url] };
    try {
      await rdapQuery({ fetch: http.fetch, bootstrap, kind: 'ip', query: '198.18.0.1', now: () => 0 });
      return 'answered';
    } catch (err) {
      const e = err as Error & { cause?: Error };
      const refusal = e.name === 'SsrfError' ? e : e.cause?.name === 'SsrfError' ? e.cause : undefined;
      return refusal ? `refused: ${refusal.message}` : `error: ${e.message}`;
    }
  },
  // The client on-call alerts (signed webhooks out) are posted with.
  'alert webhook': async (http, url) => {
    try {
      const res = await http.fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"type":"request.urgent"}',
      });
      await res.arrayBuffer();
      return 'answered';
    } catch (err) {
      const e = err as Error & { cause?: Error };
      const refusal = e.name === 'SsrfError' ? e : e.cause?.name === 'SsrfError' ? e.cause : undefined;
      return refusal ? `refused: ${refusal.message}` : `error: ${e.message}`;
    }
  },
};

describe.each(Object.entries(clients))('the %s client refuses', (_name, client) => {
  it.each([
    ['127.0.0.1', (p: number) => `http://127.0.0.1:${p}/`],
    ['elsewhere in 127.0.0.0/8', (p: number) => `http://127.8.9.10:${p}/`],
    ['::1', (p: number) => `http://[::1]:${p}/`],
    ['IPv4-mapped IPv6 (::ffff:127.0.0.1)', (p: number) => `http://[::ffff:127.0.0.1]:${p}/`],
    ['a decimal IPv4 literal (2130706433)', (p: number) => `http://2130706433:${p}/`],
    ['an octal IPv4 literal (0177.0.0.1)', (p: number) => `http://0177.0.0.1:${p}/`],
    ['a hex IPv4 literal (0x7f000001)', (p: number) => `http://0x7f000001:${p}/`],
    ['localhost', (p: number) => `http://localhost:${p}/`],
    ['10/8', () => 'http://10.0.0.1/'],
    ['172.16/12 (low end)', () => 'http://172.16.0.1/'],
    ['172.16/12 (high end)', () => 'http://172.31.255.254/'],
    ['192.168/16', () => 'http://192.168.1.1/'],
    ['the metadata address 169.254.169.254', () => 'http://169.254.169.254/latest/meta-data/'],
    ['fc00::/7', () => 'http://[fc00::1]/'],
    ['fd00::/8 inside fc00::/7', () => 'http://[fd12:3456::1]/'],
    ['fe80::/10', () => 'http://[fe80::1]/'],
    ['CGNAT 100.64/10', () => 'http://100.100.100.200/'],
    ['0.0.0.0', () => 'http://0.0.0.0/'],
    ['a name resolving to 10/8', () => 'http://internal.evil.test/'],
    ['a name resolving to the metadata address', () => 'http://metadata.evil.test/'],
    ['a name with one public and one private address', () => 'http://mixed.evil.test/'],
    ['a name resolving to fc00::/7', () => 'http://ula.evil.test/'],
    ['a name resolving to an IPv4-mapped loopback', () => 'http://mapped.evil.test/'],
  ])('%s', async (_label, url) => {
    const server = await startLoopbackServer((_req, res) => res.end('inside'));
    const http = createSafeHttp({ resolver: names, timeoutMs: 2_000 });
    try {
      expect(await client(http, url(server.port))).toMatch(/^refused: /);
      expect(server.requests).toHaveLength(0);
    } finally {
      await http.close();
    }
  });

  it.each([
    ['10/8', 'http://10.0.0.1/admin'],
    ['the metadata address', 'http://169.254.169.254/latest/meta-data/iam/'],
    ['IPv4-mapped IPv6', 'http://[::ffff:10.0.0.1]/'],
    ['a decimal literal', 'http://167772161/'],
    ['a name resolving to a private address', 'http://internal.evil.test/'],
  ])('a redirect to %s', async (_label, target) => {
    // The first hop is a loopback server (loopback explicitly allowed, as only tests may); the
    // second hop must be refused before it is sent.
    const server = await startLoopbackServer((_req, res) => {
      res.writeHead(302, { location: target });
      res.end();
    });
    const http = createSafeHttp({ allowLoopback: true, resolver: names, timeoutMs: 2_000 });
    try {
      expect(await client(http, `${server.origin}/start/`)).toMatch(/^refused: /);
      expect(server.requests).toHaveLength(1);
    } finally {
      await http.close();
    }
  });

  it('a name that passes the check and then resolves to loopback when connecting (DNS rebinding)', async () => {
    const server = await startLoopbackServer((_req, res) => res.end('inside'));
    let calls = 0;
    const rebinding: Resolver = async () => [{ address: calls++ === 0 ? '93.184.215.14' : '127.0.0.1', family: 4 }];
    const http = createSafeHttp({ resolver: rebinding, timeoutMs: 2_000 });
    try {
      expect(await client(http, `http://rebind.evil.test:${server.port}/`)).toMatch(
        /^refused: the name resolves to a refused address \(loopback\)/,
      );
      expect(calls).toBeGreaterThanOrEqual(2);
      expect(server.requests).toHaveLength(0);
    } finally {
      await http.close();
    }
  });
});

describe('the same clients, with loopback explicitly allowed as only tests may', () => {
  it.each(Object.entries(clients))('%s reaches a loopback server', async (_name, client) => {
    const server = await startLoopbackServer((_req, res) => {
      res.setHeader('content-type', 'application/rdap+json');
      res.end('{"objectClassName":"ip network","entities":[]}');
    });
    const http = createSafeHttp({ allowLoopback: true, resolver: staticResolver({}), timeoutMs: 2_000 });
    try {
      expect(await client(http, `${server.origin}/`)).toMatch(/^(online HTTP 200|answered)$/);
      expect(server.requests.length).toBeGreaterThan(0);
    } finally {
      await http.close();
    }
  });
});
