import { randomBytes } from 'node:crypto';
import { afterEach } from 'vitest';
import { createRegistry, adapterFromEntry } from '../../platforms/registry.js';
import { platformEntrySchema, type PlatformEntry } from '../../platforms/platforms-file.js';
import type { Mailer, PlatformAdapter } from '../../platforms/types.js';
import { createUnconfiguredMailer } from '../../src/mail/smtp-mailer.js';
import { createApp } from '../../src/app.js';
import { manualClock, type ManualClock } from '../../src/clock.js';
import { testConfig, type Config } from '../../src/config.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { createServices, type Services } from '../../src/services.js';
import { createSafeHttp, type SafeHttp } from '../../src/http/safe-fetch.js';
import type { Resolver } from '../../src/http/resolver.js';
import type { HostRouteDeps } from '../../platforms/host.js';

export interface TestServices extends Services {
  clock: ManualClock;
  app: ReturnType<typeof createApp>;
}

const open: TestServices[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) {
    await s.worker.stop();
    await s.periodic.stop();
    s.close();
  }
});

// A fresh migrated in-memory database, a manual clock, globalThis.fetch (so msw sees every call)
// and no delay between quick retries: tests never sleep.
export function createTestServices(
  options: {
    platforms?: Array<Partial<PlatformEntry> & Pick<PlatformEntry, 'id'>>;
    adapters?: PlatformAdapter[];
    config?: Partial<Config>;
    mailer?: Mailer;
    logger?: Logger;
    /** For URL re-checks and RDAP; by default no name resolves, so nothing can leave the machine. */
    safeHttp?: SafeHttp;
    /** The host route's look-ups (RDAP, DNS) and Cloudflare adapter; without it host work is manual. */
    hostRoute?: Omit<HostRouteDeps, 'mailer'>;
  } = {},
): TestServices {
  const clock = manualClock();
  const entries = (options.platforms ?? []).map((p) =>
    platformEntrySchema.parse({
      name: p.id,
      domains: [`${p.id}.test`],
      channel: { type: 'http', url: `https://api.${p.id}.test/notices` },
      ...p,
    }),
  );
  const mailer = options.mailer ?? createUnconfiguredMailer('takedown@test.invalid');
  const registry = createRegistry([...(options.adapters ?? []), ...entries.map((e) => adapterFromEntry(e, { now: clock.now, mailer }))], {
    hostRoute: options.hostRoute ? { ...options.hostRoute, mailer } : undefined,
  });
  const services = createServices({
    config: testConfig({ DATABASE_PATH: ':memory:', DATA_KEY: randomBytes(32).toString('base64'), ...options.config }),
    fetch: (...args) => globalThis.fetch(...args),
    clock,
    logger: options.logger ?? createLogger({ level: 'silent' }),
    registry,
    mailer: options.mailer,
    safeHttp: options.safeHttp ?? createSafeHttp({ resolver: noResolver, transport: (...args) => globalThis.fetch(...args) }),
    quickRetryDelayMs: 0,
    random: () => 0.5,
  });
  const s = { ...services, clock, app: createApp(services) };
  open.push(s);
  return s;
}

// A resolver that never answers (and never says "does not exist", which a re-check would read as
// "gone"): tests that want names to resolve pass their own.
const noResolver: Resolver = async (hostname) => {
  throw Object.assign(new Error(`no resolver in this test for ${hostname}`), { code: 'EAI_AGAIN' });
};

export function requestBody(urls: string[], over: Record<string, unknown> = {}) {
  return {
    category: 'intimate_image',
    urgent: false,
    minorInvolved: false,
    urls,
    explanation: 'Intimate image shared without my consent.',
    reporter: { role: 'victim', name: 'A. Person', email: 'person@example.org' },
    locale: 'fr',
    goodFaith: true,
    ...over,
  };
}

export async function call(
  app: TestServices['app'],
  method: string,
  path: string,
  options: { body?: unknown; token?: string; headers?: Record<string, string>; raw?: string } = {},
) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined = options.raw;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await app.request(path, { method, headers, body });
  const text = await res.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, json, text, headers: res.headers };
}

// How many rows of each kind are stored: "nothing stored" means these do not move.
export function storedCounts(s: Pick<TestServices, 'database'>) {
  const count = (table: string) => (s.database.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return {
    requests: count('requests'),
    items: count('items'),
    submissions: count('submissions'),
    events: count('events'),
    idempotencyKeys: count('idempotency_keys'),
  };
}

// Files one request and returns what the reporter is given back.
export async function fileRequest(
  s: Pick<TestServices, 'app'>,
  urls: string[],
  options: { over?: Record<string, unknown>; token?: string; headers?: Record<string, string> } = {},
): Promise<{ reference: string; statusToken: string; urgent: boolean; submissions: any[] }> {
  const res = await call(s.app, 'POST', '/api/v1/requests', {
    body: requestBody(urls, options.over),
    token: options.token,
    headers: options.headers,
  });
  if (res.status !== 201) throw new Error(`filing gave ${res.status}: ${res.text}`);
  return res.json;
}
