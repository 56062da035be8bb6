import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { problems } from './problem.js';

export interface CreationLimiter {
  /** Throws a 429 problem when `key` has used up its allowance for the minute. */
  consume(key: string): Promise<void>;
}

// Anonymous creation per client address per minute; 0 turns the limit off.
export function createCreationLimiter(perMinute: number): CreationLimiter {
  if (perMinute <= 0) return { consume: async () => {} };
  const limiter = new RateLimiterMemory({ points: perMinute, duration: 60 });
  return {
    async consume(key) {
      try {
        await limiter.consume(key, 1);
      } catch (res) {
        if (res instanceof RateLimiterRes) throw problems.rateLimited(Math.max(1, Math.ceil(res.msBeforeNext / 1000)));
        throw res;
      }
    },
  };
}

const shared = new WeakMap<object, CreationLimiter>();

// The API and the web form are two doors to the same intake: they share one allowance per client
// address, so using both does not double it. `owner` is the app's dependencies object.
export function sharedCreationLimiter(owner: object, perMinute: number): CreationLimiter {
  let limiter = shared.get(owner);
  if (!limiter) {
    limiter = createCreationLimiter(perMinute);
    shared.set(owner, limiter);
  }
  return limiter;
}
