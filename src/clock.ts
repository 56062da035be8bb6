// Time is injected everywhere it decides something (backoff, leases, clocks, retention), so tests
// move it by hand instead of sleeping.
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export function manualClock(start = Date.parse('2026-01-05T09:00:00Z')) {
  let t = start;
  return {
    now: () => t,
    advance(ms: number) {
      t += ms;
    },
    set(ms: number) {
      t = ms;
    },
  };
}
export type ManualClock = ReturnType<typeof manualClock>;
