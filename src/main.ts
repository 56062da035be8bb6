import { serve } from '@hono/node-server';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.js';
import { loadConfig } from './config.js';
import { createOutboundHttp } from './http/outbound-fetch.js';
import { createLogger } from './logger.js';
import { createServices } from './services.js';
import { startWorkerThread, type WorkerThread } from './dispatch/start-worker-thread.js';
import { startCheckpointThread, type CheckpointThread } from './db/start-checkpoint-thread.js';

// Entry point: config → database (migrated) → web and/or worker → graceful shutdown.
// A configuration that cannot work (bad variable, invalid PLATFORMS_FILE, unreadable key) stops
// the start with one clear line and exit code 1, before anything listens or sends.
const { config, logger, outbound, services, backgroundCheckpoints } = (() => {
  try {
    const config = loadConfig();
    const logger = createLogger({ level: config.LOG_LEVEL });
    const outbound = createOutboundHttp({ headersTimeoutMs: config.SEND_TIMEOUT_MS, bodyTimeoutMs: config.SEND_TIMEOUT_MS });
    // Copying the write-ahead log into the database file happens on a thread of its own, so
    // neither intake's nor dispatch's commits wait for the disk (db/start-checkpoint-thread.ts).
    // A private in-memory database has no log.
    const backgroundCheckpoints = config.DATABASE_PATH !== ':memory:';
    const services = createServices({ config, fetch: outbound.fetch, logger, backgroundCheckpoints });
    return { config, logger, outbound, services, backgroundCheckpoints };
  } catch (err) {
    process.stderr.write(`takedown cannot start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
})();

const checkpointThread: CheckpointThread | undefined = backgroundCheckpoints
  ? startCheckpointThread({ path: config.DATABASE_PATH, logger })
  : undefined;

let server: Server | undefined;
if (config.MODE !== 'worker') {
  server = serve({ fetch: createApp(services).fetch, port: config.PORT, hostname: config.HOST }) as Server;
  server.once('listening', () => {
    // The bound port, which differs from PORT when PORT=0 asked for any free one.
    const port = (server!.address() as AddressInfo | null)?.port ?? config.PORT;
    logger.info({ port, host: config.HOST, mode: config.MODE }, 'listening');
  });
  server.once('error', (err) => {
    process.stderr.write(`takedown cannot start: ${err.message}\n`);
    process.exit(1);
  });
}
// MODE=all sends from a thread of its own, so dispatch never delays an answer to a reporter;
// MODE=worker is a process with nothing else to do, and sends on its main thread.
let workerThread: WorkerThread | undefined;
if (config.MODE === 'all') {
  workerThread = startWorkerThread({
    wake: services.wake,
    writeLock: services.database.writeLock.buffer,
    backgroundCheckpoints,
    logger,
    onFatal: (err) => {
      process.stderr.write(`takedown stops: the worker thread failed: ${err.message}\n`);
      process.exit(1);
    },
  });
} else if (config.MODE === 'worker') {
  services.worker.start();
  services.periodic.start();
}
logger.info({ mode: config.MODE, platforms: services.registry.platforms.length }, 'started');

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  // Whatever happens below, the process is gone within 10 s.
  setTimeout(() => process.exit(1), 9_500).unref();
  const closed = server
    ? new Promise<void>((resolve) => {
        server!.close(() => resolve());
        server!.closeIdleConnections();
      })
    : Promise.resolve();
  await Promise.all([closed, workerThread?.stop(), services.worker.stop(), services.periodic.stop()]);
  services.close();
  // Last: its connection's final copy empties the log, and closing the last connection removes it.
  await checkpointThread?.stop();
  await outbound.close();
  logger.info('stopped');
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
