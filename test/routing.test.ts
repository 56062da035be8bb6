import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtInPlatforms } from '../platforms/catalogue/index.js';
import { platformEntrySchema } from '../platforms/platforms-file.js';
import { adapterFromEntry, createRegistry } from '../platforms/registry.js';
import { createApp } from '../src/app.js';
import { testConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { createUnconfiguredMailer } from '../src/mail/smtp-mailer.js';
import { createServices, type Services } from '../src/services.js';
import { call, createTestServices, requestBody } from './support/services.js';

async function routedTo(
  urls: string[],
  platforms = [{ id: 'alpha' }, { id: 'deep', domains: ['img.cdn.shared.test'] }, { id: 'shared', domains: ['shared.test'] }],
) {
  const s = createTestServices({ platforms });
  const res = await call(s.app, 'POST', '/api/v1/requests', { body: requestBody(urls) });
  expect(res.status).toBe(201);
  return res.json.submissions.map((x: any) => [x.platform, x.urls]);
}

describe('routing a link to a platform', () => {
  it('gives subdomains to their parent’s platform and the most specific domain the link', async () => {
    expect(
      await routedTo([
        'https://m.alpha.test/a',
        'https://ALPHA.test./b',
        'https://x.img.cdn.shared.test/c',
        'https://img.cdn.shared.test/d',
        'https://cdn.shared.test/e',
        'https://notalpha.test/f',
      ]),
    ).toEqual([
      ['alpha', ['https://m.alpha.test/a', 'https://alpha.test./b']],
      ['deep', ['https://x.img.cdn.shared.test/c', 'https://img.cdn.shared.test/d']],
      ['shared', ['https://cdn.shared.test/e']],
      ['host:notalpha.test', ['https://notalpha.test/f']],
    ]);
  });

  it('sends links nobody claims to the host route of their registrable domain, public-suffix aware', async () => {
    expect(
      await routedTo([
        'https://foo.bar.co.uk/1',
        'https://bar.co.uk/2',
        'https://www.example-club.be/3',
        'https://photos.example-club.be/4',
        'https://a.b.example.com.au/5',
        'http://192.0.2.10:8080/6',
        'http://[2001:db8::1]/7',
      ]),
    ).toEqual([
      ['host:bar.co.uk', ['https://foo.bar.co.uk/1', 'https://bar.co.uk/2']],
      ['host:example-club.be', ['https://www.example-club.be/3', 'https://photos.example-club.be/4']],
      ['host:example.com.au', ['https://a.b.example.com.au/5']],
      ['host:192.0.2.10', ['http://192.0.2.10:8080/6']],
      ['host:2001:db8::1', ['http://[2001:db8::1]/7']],
    ]);
  });

  it('makes host-route work a manual task with the prepared text, so nothing is dropped', async () => {
    const s = createTestServices();
    const res = await call(s.app, 'POST', '/api/v1/requests', { body: requestBody(['https://foo.bar.co.uk/1']) });
    expect(res.json.submissions).toEqual([
      {
        id: expect.any(String),
        platform: 'host:bar.co.uk',
        channel: 'host',
        status: 'queued',
        urls: ['https://foo.bar.co.uk/1'],
      },
    ]);
    // No abuse-contact look-up in these services: the host route hands the work to a person.
    await s.worker.drain();
    const view = await call(s.app, 'GET', `/api/v1/requests/${res.json.reference}`, { token: res.json.statusToken });
    expect(view.json.submissions[0].status).toBe('manual_pending');
    expect(view.json.submissions[0].manualTask.text).toContain('https://foo.bar.co.uk/1');
  });
});

describe('PLATFORMS_FILE', () => {
  const dir = mkdtempSync(join(tmpdir(), 'platforms-file-'));
  const open: Services[] = [];
  function servicesWith(file: unknown): Services {
    const path = join(dir, `${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(path, typeof file === 'string' ? file : JSON.stringify(file));
    const services = createServices({
      config: testConfig({ DATABASE_PATH: ':memory:', PLATFORMS_FILE: path }),
      fetch: globalThis.fetch,
      logger: createLogger({ level: 'silent' }),
    });
    open.push(services);
    return services;
  }
  const entry = (id: string, over: Record<string, unknown> = {}) => ({
    id,
    name: `Name of ${id}`,
    domains: [`${id}.test`],
    channel: { type: 'http', url: `http://127.0.0.1:4010/${id}` },
    ...over,
  });

  it('adds platforms that the registry lists and the router uses', async () => {
    const s = servicesWith({
      platforms: [
        entry('examplesocial', { domains: ['examplesocial.test', 'exsoc.test'] }),
        entry('other', { channel: { type: 'manual' } }),
      ],
    });
    const app = createApp(s);
    const listed = await call(app, 'GET', '/api/v1/platforms');
    expect(listed.json).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          id: 'examplesocial',
          name: 'Name of examplesocial',
          channel: 'http',
          domains: ['examplesocial.test', 'exsoc.test'],
        }),
        expect.objectContaining({ id: 'other', name: 'Name of other', channel: 'manual', domains: ['other.test'] }),
      ]),
    );
    const res = await call(app, 'POST', '/api/v1/requests', { body: requestBody(['https://m.exsoc.test/1', 'https://other.test/2']) });
    expect(res.json.submissions.map((x: any) => [x.platform, x.channel, x.status])).toEqual([
      ['examplesocial', 'http', 'queued'],
      ['other', 'manual', 'manual_pending'],
    ]);
    for (const x of open.splice(0)) x.close();
  });

  const builtIns = builtInPlatforms({ now: Date.now, mailer: createUnconfiguredMailer('takedown@test.invalid') });
  it.runIf(builtIns.length > 0)('replaces a built-in platform that has the same id', async () => {
    const original = builtIns[0]!;
    const s = servicesWith({ platforms: [entry(original.id, { name: 'Replaced', domains: ['replaced.test'] })] });
    const listed = (await call(createApp(s), 'GET', '/api/v1/platforms')).json.filter((p: any) => p.id === original.id);
    expect(listed).toEqual([expect.objectContaining({ id: original.id, name: 'Replaced', channel: 'http', domains: ['replaced.test'] })]);
    for (const x of open.splice(0)) x.close();
  });

  it('replaces, in the registry, an earlier platform with the same id (how file entries override built-ins)', () => {
    const mailer = createUnconfiguredMailer('takedown@test.invalid');
    const builtIn = adapterFromEntry(platformEntrySchema.parse(entry('social', { name: 'Built-in', domains: ['social.test'] })), {
      now: Date.now,
      mailer,
    });
    const fromFile = adapterFromEntry(platformEntrySchema.parse(entry('social', { name: 'From file', domains: ['social.example'] })), {
      now: Date.now,
      mailer,
    });
    const registry = createRegistry([builtIn, fromFile]);
    expect(registry.platforms.map((p) => [p.id, p.name, p.domains])).toEqual([['social', 'From file', ['social.example']]]);
    expect(registry.get('social')).toBe(fromFile);
  });

  it('lets a later entry with the same id replace an earlier one', async () => {
    const s = servicesWith({ platforms: [entry('twice', { name: 'First' }), entry('twice', { name: 'Second' })] });
    expect(s.registry.platforms.filter((p) => p.id === 'twice').map((p) => p.name)).toEqual(['Second']);
    for (const x of open.splice(0)) x.close();
  });

  it.each<[string, unknown, RegExp]>([
    ['a file that is not JSON', '{"platforms": [', /PLATFORMS_FILE .*\.json: /],
    [
      'an http channel without a URL',
      { platforms: [entry('x', { channel: { type: 'http' } })] },
      /is invalid:\n {2}platforms\.0\.channel\.url: /,
    ],
    ['an unknown channel', { platforms: [entry('x', { channel: { type: 'fax' } })] }, /platforms\.0\.channel/],
    ['an id with capitals', { platforms: [entry('Bad Id')] }, /platforms\.0\.id: lower-case letters/],
    [
      'a domain that is not a host name',
      { platforms: [entry('x', { domains: ['not a host'] })] },
      /platforms\.0\.domains\.0: not a host name/,
    ],
    ['a bad webhook secret', { platforms: [entry('x', { webhookSecret: 'plain' })] }, /platforms\.0\.webhookSecret/],
    ['no platforms list', {}, /platforms: /],
  ])('refuses to start on %s, with a message that says where', (_, file, message) => {
    expect(() => servicesWith(file)).toThrow(message);
  });

  it('refuses to start when the file is missing', () => {
    expect(() =>
      createServices({
        config: testConfig({ DATABASE_PATH: ':memory:', PLATFORMS_FILE: join(dir, 'missing.json') }),
        fetch: globalThis.fetch,
      }),
    ).toThrow(/PLATFORMS_FILE .*missing\.json: ENOENT/);
  });
});
