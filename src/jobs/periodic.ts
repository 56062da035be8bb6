import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';

// Work that runs on a schedule in the worker process: status polling, URL re-checks, response
// clocks, retention. Each job is given the clock's "now" and must be safe to run twice (another
// worker process may run it too), which the jobs get by claiming rows with leases or conditional
// updates, never by relying on being alone.
export interface PeriodicJob {
  name: string;
  everyMs: number;
  /** `signal` aborts when the runner stops: a job that sends puts back what it has not finished. */
  run(now: number, signal: AbortSignal): Promise<unknown> | unknown;
}

export interface PeriodicRunner {
  start(): void;
  stop(): Promise<void>;
  /** Runs every job once at the clock's current time, in order; what tests call. */
  runAll(): Promise<void>;
  /**
   * Runs one job now, between its scheduled runs, because work for it just became due. If it is
   * running, it runs once more when done (the work may have been committed after it looked).
   * Nothing happens unless the runner is started.
   */
  kick(name: string): void;
}

// A job first runs one interval after start, but never later than this (the next ones a stagger
// apart): with its interval alone, a job on an hourly clock (retention) would never run in a
// process restarted more often than that. Not at once: the first minutes after a start belong to
// the backlog and to urgent work.
export const FIRST_RUN_AFTER_MS = 5 * 60_000;
export const FIRST_RUN_STAGGER_MS = 1_000;

export function createPeriodicRunner(options: { clock: Clock; logger: Logger; jobs: PeriodicJob[] }): PeriodicRunner {
  const { clock, logger, jobs } = options;
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<unknown>>();
  const ticks = new Map<string, () => void>();
  let stopped = true;
  let stopping = new AbortController();

  async function runJob(job: PeriodicJob, signal: AbortSignal): Promise<void> {
    try {
      await job.run(clock.now(), signal);
    } catch (err) {
      logger.error({ err, job: job.name }, 'periodic job failed');
    }
  }

  return {
    start() {
      stopped = false;
      stopping = new AbortController();
      jobs.forEach((job, index) => {
        let busy = false;
        let again = false;
        const tick = () => {
          if (stopped || busy) return;
          busy = true;
          const p = runJob(job, stopping.signal).finally(() => {
            busy = false;
            running.delete(p);
            if (again) {
              again = false;
              tick();
            }
          });
          running.add(p);
        };
        ticks.set(job.name, () => {
          if (busy) again = true;
          else tick();
        });
        const first = setTimeout(
          () => {
            tick();
            if (stopped) return;
            const timer = setInterval(tick, job.everyMs);
            timer.unref();
            timers.push(timer);
          },
          Math.min(job.everyMs, FIRST_RUN_AFTER_MS + index * FIRST_RUN_STAGGER_MS),
        );
        first.unref();
        timers.push(first);
      });
    },
    async stop() {
      stopped = true;
      ticks.clear();
      // A send in flight (an alert, a reminder) would otherwise hold the stop for its whole timeout.
      stopping.abort();
      // clearTimeout clears both kinds of timer.
      for (const t of timers.splice(0)) clearTimeout(t);
      await Promise.all(running);
    },
    async runAll() {
      const never = new AbortController().signal;
      for (const job of jobs) await runJob(job, never);
    },
    kick(name) {
      ticks.get(name)?.();
    },
  };
}
