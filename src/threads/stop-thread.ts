import type { Worker } from 'node:worker_threads';

// The stop handshake of the service's threads: asks with { type: 'stop' }, waits for
// { type: 'stopped' } (the thread has finished its work and closed its connection) or for the
// thread to end on its own, then ends it.
export async function stopThread(thread: Worker, exited: Promise<unknown>): Promise<void> {
  const done = new Promise<void>((resolve) => {
    thread.on('message', (message: { type?: string }) => {
      if (message.type === 'stopped') resolve();
    });
  });
  thread.postMessage({ type: 'stop' });
  await Promise.race([done, exited]);
  await thread.terminate();
}
