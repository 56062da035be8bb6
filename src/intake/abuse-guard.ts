import { createHash } from 'node:crypto';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { ProblemError, problems } from '../api/problem.js';
import type { Config } from '../config.js';

// The takedown channel can itself be abused: someone trying to get legitimate content removed en
// masse, or to flood caseworkers. Limits per minute and per day, per client address (anonymous)
// or per API key, and a burst detector that flags a case for a caseworker's review without
// holding it back (a real victim filing many links in a panic must not be slowed down).
//
// Counters live in memory: they reset on restart, and addresses are kept only as hashes.

export interface AbuseGuard {
  /** Throws a 429 problem when the source is over a limit; returns a review flag for bursts. */
  admit(options: { source: Source; urlCount: number }): Promise<{ reviewReason: string | null }>;
}

export type Source = { kind: 'address'; address: string } | { kind: 'account'; accountId: string };

type Limits = Pick<
  Config,
  | 'RATE_LIMIT_PER_MIN'
  | 'RATE_LIMIT_PER_KEY_PER_MIN'
  | 'URLS_PER_DAY_ANONYMOUS'
  | 'URLS_PER_DAY_PER_KEY'
  | 'BURST_REQUESTS_PER_HOUR'
  | 'BURST_URLS_PER_HOUR'
>;

const limiter = (points: number, duration: number) => (points > 0 ? new RateLimiterMemory({ points, duration }) : null);

export function createAbuseGuard(limits: Limits): AbuseGuard {
  const perMinute = { address: limiter(limits.RATE_LIMIT_PER_MIN, 60), account: limiter(limits.RATE_LIMIT_PER_KEY_PER_MIN, 60) };
  const urlsPerDay = { address: limiter(limits.URLS_PER_DAY_ANONYMOUS, 86_400), account: limiter(limits.URLS_PER_DAY_PER_KEY, 86_400) };
  // Burst counters never refuse: they only count, so points are effectively unlimited.
  const burstRequests = new RateLimiterMemory({ points: Number.MAX_SAFE_INTEGER, duration: 3_600 });
  const burstUrls = new RateLimiterMemory({ points: Number.MAX_SAFE_INTEGER, duration: 3_600 });

  return {
    async admit({ source, urlCount }) {
      const key =
        source.kind === 'address' ? `a:${createHash('sha256').update(source.address).digest('hex').slice(0, 32)}` : `k:${source.accountId}`;
      const who = source.kind === 'address' ? 'this address' : 'this key';
      const daily = urlsPerDay[source.kind];
      if (daily && urlCount > daily.points) {
        throw problems.rateLimited(
          86_400,
          `This request has ${urlCount} links; at most ${daily.points} may be filed from ${who} in a day.`,
        );
      }
      // A refused request changes nothing: what it took from any allowance is given back, so that
      // one request over the day's links does not lock its sender out of smaller ones.
      const taken: Array<[RateLimiterMemory, number]> = [];
      const take = async (limiter: RateLimiterMemory | null, points: number, detail: (seconds: number) => string) => {
        if (!limiter) return;
        try {
          await limiter.consume(key, points);
          taken.push([limiter, points]);
        } catch (res) {
          if (!(res instanceof RateLimiterRes)) throw res;
          for (const [l, p] of [...taken, [limiter, points] as const]) await l.reward(key, p);
          const seconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
          throw problems.rateLimited(seconds, detail(seconds));
        }
      };
      await take(perMinute[source.kind], 1, (seconds) => `Too many requests from ${who}; try again in ${seconds} s.`);
      await take(daily, urlCount, (seconds) => `Too many links filed from ${who} today; try again in ${seconds} s.`);
      // Organisations file in bulk by design; bursts are judged on anonymous sources.
      if (source.kind === 'account') return { reviewReason: null };
      const requests = (await burstRequests.consume(key, 1)).consumedPoints;
      const urls = (await burstUrls.consume(key, urlCount)).consumedPoints;
      if (limits.BURST_REQUESTS_PER_HOUR > 0 && requests > limits.BURST_REQUESTS_PER_HOUR) {
        return { reviewReason: `${requests} requests from one address within an hour` };
      }
      if (limits.BURST_URLS_PER_HOUR > 0 && urls > limits.BURST_URLS_PER_HOUR) {
        return { reviewReason: `${urls} links from one address within an hour` };
      }
      return { reviewReason: null };
    },
  };
}

/**
 * The guard's answer for a page, which shows its form again with a message rather than a problem
 * document: admitted (with the review flag), or how many seconds to wait.
 */
export async function admitOrWait(
  guard: AbuseGuard,
  options: { source: Source; urlCount: number },
): Promise<{ reviewReason: string | null } | { waitSeconds: number }> {
  try {
    return await guard.admit(options);
  } catch (err) {
    if (!(err instanceof ProblemError) || err.status !== 429) throw err;
    return { waitSeconds: Number(err.headers['retry-after'] ?? 60) };
  }
}

const shared = new WeakMap<object, AbuseGuard>();

// The API and the web form are two doors to the same intake: they share one allowance per source,
// so using both does not double it. `owner` is the app's dependencies object.
export function sharedAbuseGuard(owner: object, limits: Limits): AbuseGuard {
  let guard = shared.get(owner);
  if (!guard) {
    guard = createAbuseGuard(limits);
    shared.set(owner, guard);
  }
  return guard;
}
