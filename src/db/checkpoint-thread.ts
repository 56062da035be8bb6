import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { lowerThreadPriority } from '../threads/lower-thread-priority.js';
import {
  CHECKPOINT_NICENESS,
  type CheckpointThreadData,
  type FromCheckpointThread,
  type ToCheckpointThread,
} from './start-checkpoint-thread.js';

// Copies the write-ahead log into the database file, on a thread that does nothing else
// (start-checkpoint-thread.ts says why). PASSIVE: it never waits for, nor blocks, a reader or a
// writer; what it cannot copy yet (a reader still needs the old page) waits for the next pass.
if (!parentPort) throw new Error('checkpoint-thread.ts runs only as a worker thread');
const port = parentPort;
const { path, everyMs } = workerData as CheckpointThreadData;
// Below the worker thread too: a copy that waits a little costs a slightly longer log, nothing else.
lowerThreadPriority(CHECKPOINT_NICENESS);

const sqlite = new Database(path, { fileMustExist: true });
// The copy is made durable before the log is reused: the WAL is synced before the copy and the
// database file after it, as SQLite's own checkpoints do under the service's synchronous=NORMAL.
sqlite.pragma('synchronous = NORMAL');
sqlite.pragma('wal_autocheckpoint = 0');
const checkpoint = () => sqlite.pragma('wal_checkpoint(PASSIVE)');

let failing = false;
const timer = setInterval(() => {
  try {
    checkpoint();
    failing = false;
  } catch (err) {
    // Said once per run of failures: the connections' own checkpoints take over meanwhile.
    if (!failing) port.postMessage({ type: 'failed', message: (err as Error).message } satisfies FromCheckpointThread);
    failing = true;
  }
}, everyMs);

port.on('message', (message: ToCheckpointThread) => {
  if (message.type !== 'stop') return;
  clearInterval(timer);
  try {
    checkpoint();
  } finally {
    sqlite.close();
    port.postMessage({ type: 'stopped' } satisfies FromCheckpointThread);
  }
});
