import { Worker } from 'node:worker_threads';

// A thread that takes the lock's cell (as another connection's writer would), holds it for
// `holdMs`, then lets go and wakes a waiter, exactly as write-lock.ts does.
export function holdInAnotherThread(buffer: SharedArrayBuffer, holdMs: number, release = true): Promise<void> {
  const code = `
    const { workerData, parentPort } = require('node:worker_threads');
    const cell = new Int32Array(workerData.buffer);
    if (Atomics.compareExchange(cell, 0, 0, 1) !== 0) throw new Error('lock was not free');
    parentPort.postMessage('held');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, workerData.holdMs);
    if (workerData.release) { Atomics.store(cell, 0, 0); Atomics.notify(cell, 0, 1); }
  `;
  const worker = new Worker(code, { eval: true, workerData: { buffer, holdMs, release } });
  return new Promise((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', reject);
  });
}
