import { describe, expect, it } from 'vitest';
import { MAX_RETRY_AFTER_MS, retryDelay } from '../src/dispatch/backoff.js';

const base = { baseMs: 1_000, maxMs: 60_000 };

describe('retryDelay', () => {
  it('doubles per attempt, between half and all of the doubled delay', () => {
    for (let attempts = 1; attempts <= 6; attempts++) {
      const ceiling = 1_000 * 2 ** (attempts - 1);
      expect(retryDelay({ ...base, attempts, random: () => 0 })).toBe(ceiling / 2);
      expect(retryDelay({ ...base, attempts, random: () => 1 })).toBe(ceiling);
      expect(retryDelay({ ...base, attempts, random: () => 0.5 })).toBe(ceiling * 0.75);
    }
  });

  it('spreads retries of the same attempt (jitter)', () => {
    const delays = new Set(Array.from({ length: 50 }, () => retryDelay({ ...base, attempts: 5 })));
    expect(delays.size).toBeGreaterThan(10);
    for (const d of delays) {
      expect(d).toBeGreaterThanOrEqual(8_000);
      expect(d).toBeLessThanOrEqual(16_000);
    }
  });

  it('never waits longer than RETRY_MAX_MS, however many attempts', () => {
    for (const attempts of [7, 8, 20, 100, 10_000]) {
      expect(retryDelay({ ...base, attempts, random: () => 1 })).toBe(60_000);
      expect(retryDelay({ ...base, attempts, random: () => 0 })).toBe(30_000);
    }
  });

  it('treats Retry-After as a floor, even above the cap, up to a day', () => {
    expect(retryDelay({ ...base, attempts: 1, random: () => 0, retryAfterMs: 120_000 })).toBe(120_000);
    expect(retryDelay({ ...base, attempts: 6, random: () => 1, retryAfterMs: 5_000 })).toBe(32_000);
    expect(retryDelay({ ...base, attempts: 1, random: () => 0, retryAfterMs: 0 })).toBe(500);
    expect(retryDelay({ ...base, attempts: 1, retryAfterMs: 30 * 24 * 60 * 60 * 1000 })).toBe(MAX_RETRY_AFTER_MS);
  });
});
