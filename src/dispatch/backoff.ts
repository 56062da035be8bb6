// Durable retry delay: RETRY_BASE_MS doubling per attempt, capped at RETRY_MAX_MS, with "equal
// jitter" (half fixed, half random) so a platform that comes back is not hit by every retry at once.
// A Retry-After from the platform is a floor: we never come back sooner than it asked.
export const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

export function retryDelay(options: {
  attempts: number;
  baseMs: number;
  maxMs: number;
  retryAfterMs?: number;
  random?: () => number;
}): number {
  const random = options.random ?? Math.random;
  const exponent = Math.max(0, Math.min(options.attempts - 1, 40));
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** exponent);
  const jittered = Math.round(ceiling / 2 + random() * (ceiling / 2));
  const asked = options.retryAfterMs === undefined ? 0 : Math.min(options.retryAfterMs, MAX_RETRY_AFTER_MS);
  return Math.max(jittered, asked);
}
