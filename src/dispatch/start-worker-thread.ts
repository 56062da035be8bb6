import type { Logger } from '../logger.js';
import { spawnThread } from '../threads/spawn-thread.js';
import { stopThread } from '../threads/stop-thread.js';
import type { WakeReason, WakeSignal } from './wake-signal.js';

export type ToWorkerThread = { type: 'wake'; reason: WakeReason } | { type: 'stop' };
export interface WorkerThreadData {
  /** The web thread's database write lock, shared so the two connections take turns without sleeping. */
  writeLock: SharedArrayBuffer;
  /** The process runs a checkpoint thread (db/start-checkpoint-thread.ts). */
  backgroundCheckpoints: boolean;
}
export type FromWorkerThread = { type: 'stopped' };

export interface WorkerThread {
  /** Stops claiming, lets sends in flight finish (the worker's grace period), closes the thread. */
  stop(): Promise<void>;
}

// Starts the worker and the periodic jobs on their own thread (MODE=all). Wake-ups (urgent intake,
// a caseworker's re-send) cross to the thread as messages, so that work is taken at once. A thread that dies on
// its own is fatal: a web that keeps accepting requests nobody sends would look healthy while
// failing every reporter, so the process exits and its supervisor starts it again (every lease
// the thread held is reclaimed then).
export function startWorkerThread(options: {
  wake: WakeSignal;
  writeLock: SharedArrayBuffer;
  backgroundCheckpoints: boolean;
  logger: Logger;
  onFatal: (err: Error) => void;
  /** Starts the thread; tests give one that fails. */
  spawn?: typeof spawnThread;
}): WorkerThread {
  const thread = (options.spawn ?? spawnThread)('dispatch/worker-thread', {
    writeLock: options.writeLock,
    backgroundCheckpoints: options.backgroundCheckpoints,
  } satisfies WorkerThreadData);
  let stopRequested = false;
  let stopped: Promise<void> | undefined;
  const exited = new Promise<number>((resolve) => thread.once('exit', resolve));
  const unsubscribe = options.wake.subscribe((reason) => thread.postMessage({ type: 'wake', reason } satisfies ToWorkerThread));

  thread.on('error', (err) => {
    options.logger.error({ err }, 'worker thread failed');
    if (!stopRequested) options.onFatal(err);
  });
  void exited.then((code) => {
    unsubscribe();
    if (!stopRequested) options.onFatal(new Error(`worker thread exited with code ${code}`));
  });

  return {
    stop() {
      stopRequested = true;
      stopped ??= stopThread(thread, exited);
      return stopped;
    },
  };
}
