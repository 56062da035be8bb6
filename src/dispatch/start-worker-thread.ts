import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../logger.js';
import type { WakeSignal } from './wake-signal.js';

export type ToWorkerThread = { type: 'wake' } | { type: 'stop' };
export interface WorkerThreadData {
  /** The web thread's database write lock, shared so the two connections take turns without sleeping. */
  writeLock: SharedArrayBuffer;
}
export type FromWorkerThread = { type: 'stopped' };

// The same extension as this module: .js from the compiled dist/ (`npm start`), .ts when run from
// source under tsx, whose loader hooks a new thread does not inherit: the thread registers them
// itself before it imports the entry.
function spawnThread(workerData: WorkerThreadData): Worker {
  const extension = extname(fileURLToPath(import.meta.url));
  const entry = new URL(`./worker-thread${extension}`, import.meta.url);
  if (extension === '.js') return new Worker(entry, { workerData });
  const tsx = import.meta.resolve('tsx/esm/api');
  const code = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(code, { eval: true, workerData });
}

export interface WorkerThread {
  /** Stops claiming, lets sends in flight finish (the worker's grace period), closes the thread. */
  stop(): Promise<void>;
}

// Starts the worker and the periodic jobs on their own thread (MODE=all). Urgent intake's wake-ups
// cross to the thread as messages, so an urgent notice is claimed at once. A thread that dies on
// its own is fatal: a web that keeps accepting requests nobody sends would look healthy while
// failing every reporter, so the process exits and its supervisor starts it again (every lease
// the thread held is reclaimed then).
export function startWorkerThread(options: {
  wake: WakeSignal;
  writeLock: SharedArrayBuffer;
  logger: Logger;
  onFatal: (err: Error) => void;
}): WorkerThread {
  const thread = spawnThread({ writeLock: options.writeLock });
  let stopRequested = false;
  let stopped: Promise<void> | undefined;
  const exited = new Promise<number>((resolve) => thread.once('exit', resolve));
  const unsubscribe = options.wake.subscribe(() => thread.postMessage({ type: 'wake' } satisfies ToWorkerThread));

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
      stopped ??= (async () => {
        stopRequested = true;
        const done = new Promise<void>((resolve) => {
          thread.on('message', (message: FromWorkerThread) => {
            if (message.type === 'stopped') resolve();
          });
        });
        thread.postMessage({ type: 'stop' } satisfies ToWorkerThread);
        await Promise.race([done, exited]);
        await thread.terminate();
      })();
      return stopped;
    },
  };
}
