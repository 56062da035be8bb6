import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A scratch folder per benchmark (database, platforms file), removed afterwards.
export function scratch(name: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), `takedown-bench-${name}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function writePlatforms(dir: string, platforms: Array<{ id: string; url: string }>): string {
  const file = join(dir, 'platforms.json');
  writeFileSync(
    file,
    JSON.stringify({
      platforms: platforms.map((p) => ({ id: p.id, name: p.id, domains: [`${p.id}.test`], channel: { type: 'http', url: p.url } })),
    }),
  );
  return file;
}

/** The intake bench's request: three links on two platforms, a named reporter, not urgent. */
export function intakeBody(options: { urgent?: boolean } = {}): string {
  return JSON.stringify({
    category: 'harassment',
    urgent: options.urgent ?? false,
    minorInvolved: false,
    urls: ['https://alpha.test/p/Cabc123/', 'https://alpha.test/p/Cdef456/', 'https://beta.test/v/7781'],
    explanation:
      'These posts publish my home address and photographs of me with threats. I did not consent and ask for their removal under DSA art. 16.',
    reporter: { role: 'victim', name: 'A. Person', email: 'a.person@example.org' },
    locale: 'en',
    goodFaith: true,
  });
}

/** Environment every benchmarked service shares: the embedded defaults, minus the anonymous rate limit. */
export function serviceEnv(dir: string, platformsFile: string, over: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_PATH: join(dir, 'takedown.db'),
    PLATFORMS_FILE: platformsFile,
    // Every request of the load comes from 127.0.0.1; the per-address limits would answer 429
    // after 20 requests a minute and 1,000 links a day.
    RATE_LIMIT_PER_MIN: '0',
    URLS_PER_DAY_ANONYMOUS: '0',
    NODE_ENV: 'production',
    ...over,
  };
}
