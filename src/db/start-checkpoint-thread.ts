import type { Logger } from '../logger.js';
import { spawnThread } from '../threads/spawn-thread.js';
import { stopThread } from '../threads/stop-thread.js';

export interface CheckpointThreadData {
  path: string;
  everyMs: number;
}
export type ToCheckpointThread = { type: 'stop' };
export type FromCheckpointThread = { type: 'stopped' } | { type: 'failed'; message: string };

// How often the thread copies the log into the file. At full intake a pass then copies about
// 3,000 pages and waits ~10 ms for the disk; longer passes hold a larger log.
export const CHECKPOINT_EVERY_MS = 200;
// Linux nice value of the thread, below the worker thread's 5.
export const CHECKPOINT_NICENESS = 10;

// In WAL mode SQLite appends each commit to a log, and once the log reaches a size (1,000 pages
// by default) the connection that commits next copies it into the database file and waits twice
// for the disk to confirm: 12-15 ms, inside the commit, on whatever thread committed. Under a
// steady flow of reports that was the web thread every few dozen commits, and those stalls were
// intake's slowest answers. This thread does the copying instead; the service's connections then
// checkpoint themselves only past a far larger log (SAFETY_NET_CHECKPOINT_PAGES in client.ts),
// which happens only if this thread stops keeping up or fails.
export interface CheckpointThread {
  /** Stops the passes, copies what the log holds one last time, closes the thread's connection. */
  stop(): Promise<void>;
}

export function startCheckpointThread(options: { path: string; logger: Logger; everyMs?: number }): CheckpointThread {
  const thread = spawnThread('db/checkpoint-thread', {
    path: options.path,
    everyMs: options.everyMs ?? CHECKPOINT_EVERY_MS,
  } satisfies CheckpointThreadData);
  // Never keeps the process alive, and its death is not fatal: the connections' own checkpoints
  // keep the log bounded, only less smoothly.
  thread.unref();
  const exited = new Promise<void>((resolve) => thread.once('exit', () => resolve()));
  let stopping = false;
  thread.on('message', (message: FromCheckpointThread) => {
    if (message.type === 'failed') options.logger.error({ reason: message.message }, 'background checkpoint failed');
  });
  thread.on('error', (err) => options.logger.error({ err }, 'checkpoint thread failed'));
  void exited.then(() => {
    if (!stopping) options.logger.error('checkpoint thread exited; the connections checkpoint on their own');
  });

  let stopped: Promise<void> | undefined;
  return {
    stop() {
      stopping = true;
      stopped ??= stopThread(thread, exited);
      return stopped;
    },
  };
}
