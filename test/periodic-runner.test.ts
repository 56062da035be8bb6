import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { manualClock } from '../src/clock.js';
import { createPeriodicRunner, FIRST_RUN_AFTER_MS, FIRST_RUN_STAGGER_MS, type PeriodicJob } from '../src/jobs/periodic.js';
import { createLogger } from '../src/logger.js';

const HOUR = 3_600_000;

// The schedule itself, on timers the test moves: when each job first runs after a start, and that
// a slow run is never overlapped by the next.
describe('periodic runner', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function recordingJob(name: string, everyMs: number) {
    const runs: number[] = [];
    const job: PeriodicJob = { name, everyMs, run: () => void runs.push(Date.now()) };
    return { job, runs };
  }

  it('runs an hourly job minutes after start, not an hour later, then hourly', async () => {
    const t0 = Date.now();
    const fast = recordingJob('fast', 30_000);
    const hourly = recordingJob('retention', HOUR);
    const runner = createPeriodicRunner({ clock: manualClock(), logger: createLogger({ level: 'silent' }), jobs: [fast.job, hourly.job] });
    runner.start();

    await vi.advanceTimersByTimeAsync(FIRST_RUN_AFTER_MS + FIRST_RUN_STAGGER_MS);
    expect(fast.runs[0]! - t0).toBe(30_000);
    // A process restarted every hour still purges.
    expect(hourly.runs.map((t) => t - t0)).toEqual([FIRST_RUN_AFTER_MS + FIRST_RUN_STAGGER_MS]);

    await vi.advanceTimersByTimeAsync(HOUR);
    expect(hourly.runs).toHaveLength(2);
    await runner.stop();
  });

  it('first runs a job on a short interval after that interval', async () => {
    const t0 = Date.now();
    const quick = recordingJob('alerts', 100);
    const runner = createPeriodicRunner({ clock: manualClock(), logger: createLogger({ level: 'silent' }), jobs: [quick.job] });
    runner.start();
    await vi.advanceTimersByTimeAsync(350);
    expect(quick.runs.map((t) => t - t0)).toEqual([100, 200, 300]);
    await runner.stop();
  });

  it('skips a tick while the last run is still going, and stop waits for it', async () => {
    let release!: () => void;
    let started = 0;
    let finished = 0;
    const slow: PeriodicJob = {
      name: 'slow',
      everyMs: 100,
      run: async () => {
        started++;
        await new Promise<void>((r) => (release = r));
        finished++;
      },
    };
    const runner = createPeriodicRunner({ clock: manualClock(), logger: createLogger({ level: 'silent' }), jobs: [slow] });
    runner.start();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(started).toBe(1);
    const stopping = runner.stop();
    release();
    await stopping;
    expect(finished).toBe(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(started).toBe(1);
  });

  it('runs a job at once when kicked, once more if it was running, and not at all unless started', async () => {
    const t0 = Date.now();
    let release: (() => void) | undefined;
    const runs: number[] = [];
    const reminders: PeriodicJob = {
      name: 'reminders',
      everyMs: HOUR,
      run: async () => {
        runs.push(Date.now() - t0);
        await new Promise<void>((r) => (release = r));
      },
    };
    const runner = createPeriodicRunner({ clock: manualClock(), logger: createLogger({ level: 'silent' }), jobs: [reminders] });
    runner.kick('reminders');
    expect(runs).toEqual([]);

    runner.start();
    await vi.advanceTimersByTimeAsync(10);
    runner.kick('reminders');
    runner.kick('no such job');
    expect(runs).toEqual([10]);
    // Kicked twice while it runs: what was committed meanwhile is looked at by one more run.
    runner.kick('reminders');
    runner.kick('reminders');
    await vi.advanceTimersByTimeAsync(10);
    release!();
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toEqual([10, 20]);
    release!();
    await vi.advanceTimersByTimeAsync(10);
    expect(runs).toEqual([10, 20]);

    await runner.stop();
    runner.kick('reminders');
    expect(runs).toEqual([10, 20]);
  });
});
