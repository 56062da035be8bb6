import { describe, expect, it } from 'vitest';
import { staticResolver } from '../src/http/resolver.js';
import { createSafeHttp, SAFE_FETCH_USER_AGENT } from '../src/http/safe-fetch.js';
import { assertAllowedUrl, classifyAddress } from '../src/http/ssrf-guard.js';
import { startLoopbackServer } from './support/loopback-server.js';

describe('address classification', () => {
  it.each([
    ['93.184.215.14', true],
    ['2606:4700:4700::1111', true],
    ['127.0.0.1', false],
    ['127.255.0.9', false],
    ['::1', false],
    ['0.0.0.0', false],
    ['::', false],
    ['10.1.2.3', false],
    ['172.16.0.1', false],
    ['172.31.255.254', false],
    ['192.168.1.1', false],
    ['169.254.169.254', false],
    ['100.64.0.1', false],
    ['100.100.100.200', false],
    ['224.0.0.1', false],
    ['255.255.255.255', false],
    ['192.0.2.10', false],
    ['198.51.100.7', false],
    ['203.0.113.1', false],
    ['::ffff:127.0.0.1', false],
    ['::ffff:8.8.8.8', false],
    ['64:ff9b::a00:1', false],
    ['fc00::1', false],
    ['fd00:ec2::254', false],
    ['fe80::1', false],
    ['ff02::1', false],
    ['2001:db8::1', false],
  ])('%s allowed: %s', (address, allowed) => {
    expect(classifyAddress(address).allowed).toBe(allowed);
  });

  it('lets loopback through only when a test asks for it, and nothing else with it', () => {
    expect(classifyAddress('127.0.0.1', { allowLoopback: true }).allowed).toBe(true);
    expect(classifyAddress('::1', { allowLoopback: true }).allowed).toBe(true);
    expect(classifyAddress('10.0.0.1', { allowLoopback: true }).allowed).toBe(false);
    expect(classifyAddress('::ffff:127.0.0.1', { allowLoopback: true }).allowed).toBe(false);
  });

  it.each(['http://2130706433/', 'http://0177.0.0.1/', 'http://0x7f.1/', 'http://127.1/', 'http://[::ffff:127.0.0.1]/', 'http://[::1]/'])(
    'the WHATWG parser normalises %s to a loopback literal, which is refused',
    (raw) => {
      expect(() => assertAllowedUrl(new URL(raw))).toThrow(/refused/);
    },
  );

  it('refuses other schemes, credentials and localhost names', () => {
    expect(() => assertAllowedUrl(new URL('file:///etc/passwd'))).toThrow(/scheme/);
    expect(() => assertAllowedUrl(new URL('ftp://example.com/'))).toThrow(/scheme/);
    expect(() => assertAllowedUrl(new URL('https://user:pw@example.com/'))).toThrow(/credentials/);
    expect(() => assertAllowedUrl(new URL('http://localhost:8080/'))).toThrow(/loopback/);
    expect(() => assertAllowedUrl(new URL('http://api.localhost/'))).toThrow(/loopback/);
    expect(() => assertAllowedUrl(new URL('https://example.com/'))).not.toThrow();
  });
});

describe('the SSRF-safe client over a real socket', () => {
  it('fetches through the checked lookup, with a fixed user agent and no cookies', async () => {
    const server = await startLoopbackServer((_req, res) => {
      res.setHeader('set-cookie', 'session=abc');
      res.end('hello');
    });
    const http = createSafeHttp({ allowLoopback: true, resolver: staticResolver({ 'site.test': '127.0.0.1' }) });
    try {
      const first = await http.request(`http://site.test:${server.port}/a`, { headers: { cookie: 'x=1', authorization: 'Bearer t' } });
      expect(first.status).toBe(200);
      expect(new TextDecoder().decode(first.body)).toBe('hello');
      await http.request(`http://site.test:${server.port}/b`);
      expect(server.requests.map((r) => r.headers['user-agent'])).toEqual([SAFE_FETCH_USER_AGENT, SAFE_FETCH_USER_AGENT]);
      expect(server.requests.map((r) => r.headers.cookie)).toEqual([undefined, undefined]);
      expect(server.requests[0]!.headers.authorization).toBeUndefined();
      expect(server.requests[0]!.headers.host).toBe(`site.test:${server.port}`);
    } finally {
      await http.close();
    }
  });

  it('follows redirects hop by hop and reports where it ended', async () => {
    const server = await startLoopbackServer((req, res) => {
      if (req.url === '/old') {
        res.writeHead(301, { location: '/new' });
        res.end();
      } else res.end('moved here');
    });
    const http = createSafeHttp({ allowLoopback: true, resolver: staticResolver({}) });
    try {
      const r = await http.request(`${server.origin}/old`);
      expect(r).toMatchObject({ status: 200, redirects: 1, url: `${server.origin}/new` });
    } finally {
      await http.close();
    }
  });

  it('gives up after too many redirects', async () => {
    const server = await startLoopbackServer((req, res) => {
      res.writeHead(302, { location: `/loop${Number(req.url!.slice(5) || 0) + 1}` });
      res.end();
    });
    const http = createSafeHttp({ allowLoopback: true, resolver: staticResolver({}), maxRedirects: 3 });
    try {
      await expect(http.request(`${server.origin}/loop0`)).rejects.toThrow(/more than 3 redirects/);
      expect(server.requests).toHaveLength(4);
    } finally {
      await http.close();
    }
  });

  it('reads at most the limit and stops downloading, and the fetch form fails past it', async () => {
    const server = await startLoopbackServer((_req, res) => {
      res.write(Buffer.alloc(64 * 1024, 1));
      res.end(Buffer.alloc(64 * 1024, 2));
    });
    const http = createSafeHttp({ allowLoopback: true, resolver: staticResolver({}), maxBytes: 1024 });
    try {
      const r = await http.request(`${server.origin}/big`, { maxBytes: 100 });
      expect(r.body.byteLength).toBe(100);
      expect(r.truncated).toBe(true);
      const res = await http.fetch(`${server.origin}/big`);
      await expect(res.arrayBuffer()).rejects.toThrow(/larger than 1024 bytes/);
    } finally {
      await http.close();
    }
  });

  it('stops waiting after the time limit', async () => {
    const server = await startLoopbackServer(() => {
      // never answers
    });
    const http = createSafeHttp({ allowLoopback: true, resolver: staticResolver({}), timeoutMs: 200 });
    try {
      await expect(http.request(`${server.origin}/slow`)).rejects.toThrow(/timeout|aborted/i);
    } finally {
      await http.close();
    }
  });

  it('refuses methods other than GET, HEAD and a single-hop POST', async () => {
    const http = createSafeHttp({ resolver: staticResolver({}) });
    await expect(http.fetch('https://example.com/', { method: 'PUT' })).rejects.toThrow(/method refused/);
    await expect(http.fetch('https://example.com/', { method: 'DELETE' })).rejects.toThrow(/method refused/);
    await http.close();
  });

  it('posts once to a checked address, and refuses to follow a redirect with the body', async () => {
    const seen: string[] = [];
    const server = await startLoopbackServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push(`${req.method} ${req.url} ${body}`);
        if (req.url === '/moved') {
          res.writeHead(307, { location: '/elsewhere' });
          res.end();
        } else res.writeHead(204).end();
      });
    });
    const http = createSafeHttp({ allowLoopback: true, resolver: staticResolver({}) });
    try {
      const ok = await http.fetch(`${server.origin}/alerts`, {
        method: 'POST',
        body: '{"a":1}',
        headers: { 'content-type': 'application/json' },
      });
      expect(ok.status).toBe(204);
      await expect(http.fetch(`${server.origin}/moved`, { method: 'POST', body: '{"a":2}' })).rejects.toThrow(
        /redirect refused for a POST/,
      );
      expect(seen).toEqual(['POST /alerts {"a":1}', 'POST /moved {"a":2}']);
    } finally {
      await http.close();
    }
  });
});
