import { http, HttpResponse } from 'msw';

// RDAP answers shaped like the registries' real ones (RFC 9083), served by msw.

export const IANA = 'https://data.iana.org/rdap';

export const bootstrapHandlers = (counter?: { bootstrap: number }) => [
  http.get(`${IANA}/ipv4.json`, () => {
    if (counter) counter.bootstrap++;
    return HttpResponse.json({
      version: '1.0',
      publication: '2025-01-01T00:00:00Z',
      services: [
        [['185.0.0.0/8', '193.0.0.0/8'], ['https://rdap.db.ripe.net/']],
        [
          ['104.0.0.0/6', '23.0.0.0/8'],
          ['https://rdap.arin.net/registry/', 'http://rdap.arin.net/registry/'],
        ],
      ],
    });
  }),
  http.get(`${IANA}/ipv6.json`, () => HttpResponse.json({ version: '1.0', services: [[['2a00::/12'], ['https://rdap.db.ripe.net/']]] })),
  http.get(`${IANA}/dns.json`, () =>
    HttpResponse.json({
      version: '1.0',
      services: [
        [['be'], ['https://rdap.dns.be/']],
        [['com', 'net'], ['https://rdap.verisign.com/com/v1/']],
      ],
    }),
  ),
];

const vcard = (props: Array<[string, string]>) => ['vcard', [['version', {}, 'text', '4.0'], ...props.map(([k, v]) => [k, {}, 'text', v])]];

export function ipNetwork(options: { handle: string; name: string; holder: string; abuse?: string }) {
  return {
    objectClassName: 'ip network',
    handle: options.handle,
    name: options.name,
    startAddress: '185.12.64.0',
    endAddress: '185.12.67.255',
    entities: [
      {
        objectClassName: 'entity',
        handle: 'ORG-EH1-RIPE',
        roles: ['registrant'],
        vcardArray: vcard([
          ['fn', options.holder],
          ['kind', 'org'],
        ]),
      },
      ...(options.abuse
        ? [
            {
              objectClassName: 'entity',
              handle: 'AR1-RIPE',
              roles: ['abuse'],
              vcardArray: vcard([
                ['fn', 'Abuse desk'],
                ['email', options.abuse],
              ]),
            },
          ]
        : []),
    ],
  };
}

export function domainRecord(options: { name: string; registrar: string; abuse?: string }) {
  return {
    objectClassName: 'domain',
    ldhName: options.name,
    entities: [
      {
        objectClassName: 'entity',
        roles: ['registrar'],
        vcardArray: vcard([['fn', options.registrar]]),
        entities: options.abuse
          ? [
              {
                objectClassName: 'entity',
                roles: ['abuse'],
                vcardArray: vcard([
                  ['fn', 'Abuse'],
                  ['email', options.abuse],
                ]),
              },
            ]
          : [],
      },
    ],
  };
}
