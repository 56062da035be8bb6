import { parentPort, workerData } from 'node:worker_threads';
import { loadConfig } from '../config.js';
import { createOutboundHttp } from '../http/outbound-fetch.js';
import { createLogger } from '../logger.js';
import { createServices } from '../services.js';
import { lowerThreadPriority } from '../threads/lower-thread-priority.js';
import type { FromWorkerThread, ToWorkerThread, WorkerThreadData } from './start-worker-thread.js';

// The worker and the periodic jobs of MODE=all, on a thread of their own: sending notices then
// never holds up the event loop that answers reporters, and the process uses both cores. The
// thread opens its own connection to the same database file (WAL: readers never wait for the
// writer; the two connections take turns at writing through a shared lock, db/write-lock.ts),
// reads the same environment, and is driven by the web thread through messages
// (start-worker-thread.ts).
if (!parentPort) throw new Error('worker-thread.ts runs only as a worker thread');
const port = parentPort;

const config = loadConfig();
const logger = createLogger({ level: config.LOG_LEVEL }).child({ thread: 'worker' });
const outbound = createOutboundHttp({ headersTimeoutMs: config.SEND_TIMEOUT_MS, bodyTimeoutMs: config.SEND_TIMEOUT_MS });
const { writeLock, backgroundCheckpoints } = workerData as WorkerThreadData;
const services = createServices({ config, fetch: outbound.fetch, logger, writeLock, backgroundCheckpoints });

// Linux nice value: 5 gives the thread about a third of the web thread's share of a busy core.
const WORKER_NICENESS = 5;

let stopping: Promise<void> | undefined;
async function stop(): Promise<void> {
  await Promise.all([services.worker.stop(), services.periodic.stop()]);
  services.close();
  await outbound.close();
}

port.on('message', (message: ToWorkerThread) => {
  if (message.type === 'wake') services.wake.notify(message.reason);
  else if (message.type === 'stop') {
    stopping ??= stop().then(
      () => port.postMessage({ type: 'stopped' } satisfies FromWorkerThread),
      (err: unknown) => {
        logger.error({ err }, 'worker thread could not stop cleanly');
        port.postMessage({ type: 'stopped' } satisfies FromWorkerThread);
      },
    );
  }
});

// A notice behind a reporter's answer is already stored and goes out a moment later.
if (!lowerThreadPriority(WORKER_NICENESS)) logger.debug('worker thread keeps the default priority');
services.worker.start();
services.periodic.start();
logger.info('worker thread started');
