import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';

// Work that runs on a schedule in the worker process: status polling, URL re-checks, response
// clocks, retention. Each job is given the clock's "now" and must be safe to run twice (another
// worker process may run it too), which the jobs get by claiming rows with leases or conditional
// updates, never by relying on being alone.
export interface PeriodicJob {
  name: string;
  everyMs: number;
  run(now: number): Promise<unknown> | unknown;
}

export interface PeriodicRunner {
  start(): void;
  stop(): Promise<void>;
  /** Runs every job once at the clock's current time, in order; what tests call. */
  runAll(): Promise<void>;
}

export function createPeriodicRunner(options: { clock: Clock; logger: Logger; jobs: PeriodicJob[] }): PeriodicRunner {
  const { clock, logger, jobs } = options;
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<unknown>>();
  let stopped = true;

  async function runJob(job: PeriodicJob): Promise<void> {
    try {
      await job.run(clock.now());
    } catch (err) {
      logger.error({ err, job: job.name }, 'periodic job failed');
    }
  }

  return {
    start() {
      stopped = false;
      for (const job of jobs) {
        let busy = false;
        const timer = setInterval(() => {
          if (stopped || busy) return;
          busy = true;
          const p = runJob(job).finally(() => {
            busy = false;
            running.delete(p);
          });
          running.add(p);
        }, job.everyMs);
        timer.unref();
        timers.push(timer);
      }
    },
    async stop() {
      stopped = true;
      for (const t of timers.splice(0)) clearInterval(t);
      await Promise.all(running);
    },
    async runAll() {
      for (const job of jobs) await runJob(job);
    },
  };
}
