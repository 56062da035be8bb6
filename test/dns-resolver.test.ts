import { createSocket } from 'node:dgram';
import ipaddr from 'ipaddr.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDnsResolver, HostNotFoundError } from '../src/http/resolver.js';

// A tiny DNS server on loopback, so the real resolver is tested against real DNS answers:
// addresses, NXDOMAIN, a name without addresses and a failing server.
type Zone = Record<string, { rcode?: number; a?: string[]; aaaa?: string[] }>;
const zone: Zone = {
  'site.test': { a: ['93.184.215.14'], aaaa: ['2606:2800:21f:cb07:6820:80da:af6b:8b2c'] },
  'v4only.test': { a: ['198.18.0.7'] },
  'empty.test': {},
  'broken.test': { rcode: 2 },
};

const server = createSocket('udp4');
let port = 0;

beforeAll(async () => {
  server.on('message', (msg, rinfo) => {
    let at = 12;
    const labels: string[] = [];
    while (msg[at]! > 0) {
      labels.push(msg.subarray(at + 1, at + 1 + msg[at]!).toString());
      at += msg[at]! + 1;
    }
    const qtype = msg.readUInt16BE(at + 1);
    const question = msg.subarray(12, at + 5);
    const entry = zone[labels.join('.').toLowerCase()];
    const rcode = entry ? (entry.rcode ?? 0) : 3;
    const addresses = (qtype === 1 ? entry?.a : qtype === 28 ? entry?.aaaa : undefined) ?? [];
    const answers = addresses.map((a) => {
      const rdata = Buffer.from(ipaddr.parse(a).toByteArray());
      const rr = Buffer.alloc(12);
      rr.writeUInt16BE(0xc00c, 0);
      rr.writeUInt16BE(qtype, 2);
      rr.writeUInt16BE(1, 4);
      rr.writeUInt32BE(60, 6);
      rr.writeUInt16BE(rdata.length, 10);
      return Buffer.concat([rr, rdata]);
    });
    const header = Buffer.alloc(12);
    msg.copy(header, 0, 0, 2);
    header.writeUInt16BE(0x8180 | rcode, 2);
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(answers.length, 6);
    server.send(Buffer.concat([header, question, ...answers]), rinfo.port, rinfo.address);
  });
  await new Promise<void>((resolve) => server.bind(0, '127.0.0.1', resolve));
  port = server.address().port;
});
afterAll(() => server.close());

describe('the DNS resolver', () => {
  const resolve = () => createDnsResolver({ servers: [`127.0.0.1:${port}`], timeoutMs: 500, tries: 1 });

  it('returns every IPv4 and IPv6 address', async () => {
    expect(await resolve()('site.test')).toEqual([
      { address: '93.184.215.14', family: 4 },
      { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 },
    ]);
    expect(await resolve()('v4only.test')).toEqual([{ address: '198.18.0.7', family: 4 }]);
  });

  it('says "not found" for NXDOMAIN and for a name without addresses', async () => {
    await expect(resolve()('gone.test')).rejects.toBeInstanceOf(HostNotFoundError);
    await expect(resolve()('empty.test')).rejects.toBeInstanceOf(HostNotFoundError);
  });

  it('keeps a failing server an error, never "not found"', async () => {
    const err = await resolve()('broken.test').catch((e) => e);
    expect(err).not.toBeInstanceOf(HostNotFoundError);
    expect(err.code).toBe('ESERVFAIL');
  });
});
