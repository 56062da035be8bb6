import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { startWorkerThread } from '../src/dispatch/start-worker-thread.js';
import { createWakeSignal } from '../src/dispatch/wake-signal.js';
import { createLogger } from '../src/logger.js';

// A thread standing in for the worker thread: `body` runs in it; it answers the stop handshake.
function fakeWorkerThread(body: string) {
  return () =>
    new Worker(
      `const { parentPort } = require('node:worker_threads');
       parentPort.on('message', (m) => { if (m.type === 'stop') { parentPort.postMessage({ type: 'stopped' }); parentPort.close(); } });
       ${body}`,
      { eval: true },
    );
}

function start(body: string) {
  const fatal: Error[] = [];
  let resolveFatal: (err: Error) => void;
  const firstFatal = new Promise<Error>((resolve) => (resolveFatal = resolve));
  const thread = startWorkerThread({
    wake: createWakeSignal(),
    writeLock: new SharedArrayBuffer(8),
    backgroundCheckpoints: false,
    logger: createLogger({ level: 'silent' }),
    onFatal: (err) => {
      fatal.push(err);
      resolveFatal(err);
    },
    spawn: fakeWorkerThread(body),
  });
  return { thread, fatal, firstFatal };
}

describe('the worker thread of MODE=all', () => {
  it('is fatal to the process when it throws: nothing would send what the web keeps accepting', async () => {
    const { firstFatal } = start(`setTimeout(() => { throw new Error('out of luck'); }, 10);`);
    expect((await firstFatal).message).toBe('out of luck');
  });

  it('is fatal when it ends on its own, even without an error', async () => {
    const { firstFatal } = start(`setTimeout(() => process.exit(0), 10);`);
    expect((await firstFatal).message).toBe('worker thread exited with code 0');
  });

  it('is not fatal when the process stops it', async () => {
    const { thread, fatal } = start(`setInterval(() => {}, 1000);`);
    await thread.stop();
    await new Promise((resolve) => setImmediate(resolve));
    expect(fatal).toEqual([]);
  });
});
