import { z } from 'zod';
import { categories } from '../platforms/types.js';

// The only reader of process.env. Every default is the embedded set-up: `npm start` with nothing else.

// What openDatabase uses when it is given no config (tests, benchmarks, one-off tools).
export const DEFAULT_DATABASE_CACHE_MB = 4;

const int = (fallback: number, min = 0) => z.coerce.number().int().min(min).default(fallback);

const clockWindowsSchema = z
  .object({ send: z.number().int().min(1_000), acknowledge: z.number().int().min(1_000), remove: z.number().int().min(1_000) })
  .partial()
  .strict();
const categoryClocksSchema = z.partialRecord(z.enum(categories), clockWindowsSchema);
export type CategoryClocks = z.infer<typeof categoryClocksSchema>;

const configSchema = z.object({
  PORT: int(3000, 0),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_PATH: z.string().min(1).default('./data/takedown.db'),
  // SQLite's page cache, per connection (the web's and the worker's): what resident memory rises
  // to in the first minutes after a start and then holds. The hot pages (the newest rows, the
  // right edges of the time-ordered indexes) fit in a few MiB; the rest is read from the OS's cache.
  DATABASE_CACHE_MB: int(DEFAULT_DATABASE_CACHE_MB, 1),
  PLATFORMS_FILE: z.string().min(1).optional(),
  RETRY_BASE_MS: int(30_000, 1),
  RETRY_MAX_MS: int(3_600_000, 1),
  MAX_ATTEMPTS: int(12, 1),
  WORKER_POLL_MS: int(1_000, 1),
  // How long the worker's settles and claims wait for others to share their commit (db/group-commit.ts).
  WORKER_COMMIT_LINGER_MS: int(1, 0),
  RATE_LIMIT_PER_MIN: int(20, 0),
  // Requests per minute per API key, and links per day per address / per key (0: no limit).
  RATE_LIMIT_PER_KEY_PER_MIN: int(120, 0),
  URLS_PER_DAY_ANONYMOUS: int(1_000, 0),
  URLS_PER_DAY_PER_KEY: int(20_000, 0),
  // Anonymous bursts past these are flagged for a caseworker's review (not refused).
  BURST_REQUESTS_PER_HOUR: int(10, 0),
  BURST_URLS_PER_HOUR: int(400, 0),
  MODE: z.enum(['all', 'web', 'worker']).default('all'),
  DATA_KEY: z.string().min(1).optional(),
  // Comma-separated keys that sealed older values; only read, until `keys:reseal` moved them on.
  DATA_KEYS_PREVIOUS: z.string().min(1).optional(),
  // Personal data (contact details, explanations) is erased this many days after a case closes.
  RETENTION_DAYS: int(90, 0),
  // A resolved or withdrawn case closes itself after this many quiet days.
  CLOSE_AFTER_DAYS: int(30, 0),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // How long a claimed submission stays leased; renewed while the send runs, so it only runs out
  // when the worker holding it died.
  LEASE_MS: int(20_000, 1_000),
  SEND_TIMEOUT_MS: int(15_000, 100),
  DISPATCH_CONCURRENCY: int(32, 1),
  PLATFORM_CONCURRENCY: int(4, 1),
  // Extra slots only urgent work may use, overall and per platform, so a backlog never delays it.
  URGENT_CONCURRENCY: int(16, 1),
  URGENT_PLATFORM_CONCURRENCY: int(4, 1),
  QUICK_RETRIES: int(2, 0),
  SHUTDOWN_GRACE_MS: int(8_000, 0),
  // smtp://user:pass@host:587 or smtps://…; without it, e-mail notices wait in the queue.
  SMTP_URL: z.string().min(1).optional(),
  MAIL_FROM: z.string().min(3).default('takedown@localhost'),
  // scrypt cost for dashboard passwords as log2(N), with r=8, p=1: 17 takes 128 MiB per hash
  // (OWASP's recommendation); tests lower it.
  PASSWORD_SCRYPT_LOG_N: int(17, 10),
  // Dashboard sessions end after this long without a request, and at the latest after the maximum.
  SESSION_IDLE_MINUTES: int(30, 1),
  SESSION_MAX_HOURS: int(12, 1),
  // The national hotline for child sexual abuse material: an `http` endpoint (the contract's wire
  // format) or an e-mail address; neither set, each such report becomes a manual task.
  HOTLINE_URL: z.url({ protocol: /^https?$/ }).optional(),
  HOTLINE_TOKEN: z.string().min(1).optional(),
  HOTLINE_EMAIL: z.email().optional(),
  HOTLINE_NAME: z.string().min(1).max(200).optional(),
  HOTLINE_LANGUAGE: z.enum(['fr', 'nl', 'en', 'de']).optional(),
  // URL re-checks (confirm/recheck-urls.ts): how often each reported URL of a sent notice is
  // fetched again, sooner for urgent cases; gone URLs are still looked at, less often, to catch
  // content that comes back. RECHECK_EVERY_MS is how often the job looks for due URLs.
  RECHECK_URGENT_MS: int(15 * 60_000, 1_000),
  RECHECK_MS: int(6 * 3_600_000, 1_000),
  RECHECK_GONE_MS: int(24 * 3_600_000, 1_000),
  RECHECK_EVERY_MS: int(60_000, 1_000),
  RECHECK_BATCH: int(50, 1),
  RECHECK_TIMEOUT_MS: int(10_000, 100),
  // Abuse-contact look-ups for the host route (RDAP): time for one whole look-up, and how long an
  // answer is kept.
  HOST_LOOKUP_TIMEOUT_MS: int(10_000, 100),
  HOST_CONTACT_TTL_MS: int(7 * 24 * 3_600_000, 0),
  // Cloudflare's abuse-reports API for sites behind Cloudflare; without both, those become manual work.
  CLOUDFLARE_ACCOUNT_ID: z.string().min(1).optional(),
  CLOUDFLARE_API_TOKEN: z.string().min(1).optional(),
  // When set, the client address for rate limits comes from X-Forwarded-For (behind a proxy).
  TRUST_PROXY: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  // How many proxies of one's own stand in front (a load balancer behind a CDN is 2): the client
  // is the address the outermost of them saw, counted from the right of X-Forwarded-For.
  TRUST_PROXY_HOPS: int(1, 1),
  // Response clocks (confirm/response-clocks.ts): how long a platform has to receive, acknowledge
  // and act on a notice before the case is escalated. Urgent cases run on the tighter set.
  CLOCK_URGENT_SEND_MS: int(5 * 60_000, 1_000),
  CLOCK_URGENT_ACKNOWLEDGE_MS: int(60 * 60_000, 1_000),
  CLOCK_URGENT_REMOVE_MS: int(24 * 60 * 60_000, 1_000),
  CLOCK_SEND_MS: int(60 * 60_000, 1_000),
  CLOCK_ACKNOWLEDGE_MS: int(48 * 60 * 60_000, 1_000),
  CLOCK_REMOVE_MS: int(7 * 24 * 60 * 60_000, 1_000),
  // Per-category windows that replace the ones above, as JSON:
  // {"child_sexual_abuse":{"send":60000,"acknowledge":900000,"remove":3600000}}
  CLOCKS_BY_CATEGORY: z
    .string()
    .default('{}')
    .transform((text, ctx) => {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'not valid JSON' });
        return z.NEVER;
      }
      const parsed = categoryClocksSchema.safeParse(json);
      if (parsed.success) return parsed.data;
      for (const i of parsed.error.issues) ctx.addIssue({ code: 'custom', message: `${i.path.join('.')}: ${i.message}` });
      return z.NEVER;
    }),
  CLOCK_CHECK_MS: int(30_000, 100),
  // After the remove clock ran out, it escalates again (with another reminder) each time its
  // window passes once more, this many times at most.
  CLOCK_REMOVE_REPEATS: int(3, 0),
  // Status polling of platforms that offer it: first look after the base delay, then doubling up
  // to the cap, until the platform gives a final answer.
  STATUS_POLL_BASE_MS: int(5 * 60_000, 1_000),
  STATUS_POLL_URGENT_BASE_MS: int(60_000, 1_000),
  STATUS_POLL_MAX_MS: int(6 * 60 * 60_000, 1_000),
  STATUS_POLL_EVERY_MS: int(15_000, 100),
  // Alerts to the on-call caseworkers: a Standard Webhooks-signed POST and/or an e-mail.
  ALERT_WEBHOOK_URL: z.url({ protocol: /^https?$/ }).optional(),
  // Alerts go through the SSRF-safe client, which refuses private addresses; an on-call relay
  // inside the hotline's own network needs this set to true.
  ALERT_ALLOW_PRIVATE_NETWORK: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  ALERT_WEBHOOK_SECRET: z
    .string()
    .regex(/^whsec_[A-Za-z0-9+/=]+$/, 'a Standard Webhooks secret (whsec_…)')
    .optional(),
  ALERT_EMAIL: z
    .string()
    .optional()
    .transform((v) =>
      v
        ? v
            .split(',')
            .map((a) => a.trim())
            .filter(Boolean)
        : [],
    )
    .pipe(z.array(z.email())),
  // How often queued alerts and reminders are looked at.
  OUTBOX_POLL_MS: int(5_000, 100),
  // Where the pages' quick-exit button leaves to: a neutral site that gives nothing away.
  QUICK_EXIT_URL: z.url({ protocol: /^https?$/ }).default('https://www.google.be/'),
});

export type Config = z.infer<typeof configSchema>;

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const picked = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = configSchema.safeParse(picked);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const config = parsed.data;
  if (config.ALERT_WEBHOOK_URL && !config.ALERT_WEBHOOK_SECRET) {
    throw new Error('invalid configuration:\n  ALERT_WEBHOOK_SECRET: required when ALERT_WEBHOOK_URL is set (alerts are signed)');
  }
  return config;
}

// The settings a test wants to be explicit about, with the embedded defaults for the rest.
export function testConfig(over: Partial<Config> = {}): Config {
  return {
    ...loadConfig({}),
    LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_MIN: 0,
    RATE_LIMIT_PER_KEY_PER_MIN: 0,
    URLS_PER_DAY_ANONYMOUS: 0,
    URLS_PER_DAY_PER_KEY: 0,
    BURST_REQUESTS_PER_HOUR: 0,
    BURST_URLS_PER_HOUR: 0,
    PASSWORD_SCRYPT_LOG_N: 10,
    ...over,
  };
}
