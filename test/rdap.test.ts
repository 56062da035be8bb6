import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { isCloudflareAddress } from '../platforms/channels/cloudflare-ranges.js';
import { createRdapBootstrap } from '../platforms/rdap/bootstrap.js';
import { abuseEmails, holderName } from '../platforms/rdap/entities.js';
import { useMsw } from './support/msw.js';
import { domainRecord, IANA, ipNetwork } from './support/rdap-fixtures.js';

const msw = useMsw();

describe('RDAP bootstrap (IANA files)', () => {
  it('picks the longest match for domains and IP blocks, https servers only where offered, and fetches each file once a day', async () => {
    let fetched = 0;
    msw.use(
      http.get(`${IANA}/dns.json`, () => {
        fetched++;
        return HttpResponse.json({
          services: [
            [['uk'], ['https://rdap.nominet.uk/uk']],
            [['co.uk'], ['https://rdap.example/co.uk/']],
            [['com'], ['http://plain.example/', 'https://rdap.verisign.com/com/v1/']],
          ],
        });
      }),
      http.get(`${IANA}/ipv4.json`, () =>
        HttpResponse.json({
          services: [
            [['41.0.0.0/8'], ['https://rdap.afrinic.net/rdap/']],
            [['41.128.0.0/9'], ['https://more.specific.example/']],
          ],
        }),
      ),
      http.get(`${IANA}/ipv6.json`, () => HttpResponse.json({ services: [[['2001:4200::/23'], ['https://rdap.afrinic.net/rdap/']]] })),
    );
    let now = 0;
    const b = createRdapBootstrap({ fetch: (...a) => globalThis.fetch(...a), now: () => now });
    expect(await b.serversForDomain('shop.example.co.uk')).toEqual(['https://rdap.example/co.uk/']);
    expect(await b.serversForDomain('example.uk')).toEqual(['https://rdap.nominet.uk/uk/']);
    expect(await b.serversForDomain('example.com')).toEqual(['https://rdap.verisign.com/com/v1/']);
    expect(await b.serversForDomain('example.invalid')).toEqual([]);
    expect(await b.serversForIp('41.200.1.1')).toEqual(['https://more.specific.example/']);
    expect(await b.serversForIp('41.1.1.1')).toEqual(['https://rdap.afrinic.net/rdap/']);
    expect(await b.serversForIp('2001:4200::1')).toEqual(['https://rdap.afrinic.net/rdap/']);
    expect(fetched).toBe(1);
    now += 25 * 3_600_000;
    await b.serversForDomain('example.com');
    expect(fetched).toBe(2);
  });

  it('keeps using a stale file when IANA cannot be reached', async () => {
    let up = true;
    msw.use(
      http.get(`${IANA}/dns.json`, () =>
        up ? HttpResponse.json({ services: [[['be'], ['https://rdap.dns.be/']]] }) : new HttpResponse(null, { status: 503 }),
      ),
    );
    let now = 0;
    const b = createRdapBootstrap({ fetch: (...a) => globalThis.fetch(...a), now: () => now });
    expect(await b.serversForDomain('a.be')).toEqual(['https://rdap.dns.be/']);
    up = false;
    now += 48 * 3_600_000;
    expect(await b.serversForDomain('a.be')).toEqual(['https://rdap.dns.be/']);
  });
});

describe('reading RDAP answers', () => {
  it("finds the abuse entity's e-mail at the top and nested under the registrar, and the holder", () => {
    const net = ipNetwork({ handle: 'N', name: 'EXAMPLE-NET', holder: 'Example Hosting BV', abuse: 'mailto:ABUSE@example-hosting.nl' });
    expect(abuseEmails(net)).toEqual(['abuse@example-hosting.nl']);
    expect(holderName(net)).toBe('Example Hosting BV');
    expect(abuseEmails(domainRecord({ name: 'X.COM', registrar: 'Reg', abuse: 'abuse@reg.example' }))).toEqual(['abuse@reg.example']);
    expect(abuseEmails(domainRecord({ name: 'X.COM', registrar: 'Reg' }))).toEqual([]);
  });

  it('ignores what is not an e-mail address, and other roles', () => {
    const obj = {
      entities: [
        { roles: ['technical'], vcardArray: ['vcard', [['email', {}, 'text', 'tech@example.net']]] },
        { roles: ['abuse'], vcardArray: ['vcard', [['email', {}, 'text', 'not an address']]] },
        { roles: ['abuse'], vcardArray: 'garbage' },
      ],
    };
    expect(abuseEmails(obj as never)).toEqual([]);
  });
});

describe("Cloudflare's published ranges", () => {
  it.each([
    ['104.16.1.1', true],
    ['172.67.10.10', true],
    ['2606:4700::6810:1', true],
    ['::ffff:104.16.1.1', true],
    ['185.12.64.10', false],
    ['2a00:1450::1', false],
  ])('%s: %s', (address, expected) => {
    expect(isCloudflareAddress(address)).toBe(expected);
  });
});
