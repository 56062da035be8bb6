import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingMessage } from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

// Runs the real service as a child process (what `npm start` runs), for tests that kill it.

export interface ServiceProcess {
  base: string;
  child: ChildProcess;
  log(): string;
  kill(signal?: NodeJS.Signals): Promise<number | null>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// vitest sets MODE=test for itself; the service reads MODE too.
const { MODE: _vitestMode, ...parentEnv } = process.env;

export async function startServiceProcess(options: { dir: string; port: number; env?: Record<string, string> }): Promise<ServiceProcess> {
  // One process, node with tsx's loader: the tsx binary would run the service in a grandchild
  // that a SIGKILL of the child leaves running (and polling) after the test.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      ...parentEnv,
      PORT: String(options.port),
      HOST: '127.0.0.1',
      DATABASE_PATH: join(options.dir, 'takedown.db'),
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MIN: '0',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  const base = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`service exited (${child.exitCode}): ${log.slice(-800)}`);
    try {
      if ((await fetch(`${base}/healthz`)).status === 200) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`no /healthz within 30 s: ${log.slice(-800)}`);
    await sleep(50);
  }
  return {
    base,
    child,
    log: () => log,
    kill: (signal = 'SIGKILL') =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill(signal);
      }),
  };
}

export interface MockPlatform {
  url: string;
  calls: Array<{ noticeId: string; key: string | undefined; at: number; answeredAt?: number }>;
  close(): Promise<void>;
}

// A loopback platform that accepts every notice after `delayMs`.
export async function startMockPlatform(options: { delayMs?: number } = {}): Promise<MockPlatform> {
  const calls: MockPlatform['calls'] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const call: MockPlatform['calls'][number] = {
        noticeId: JSON.parse(body || '{}').noticeId,
        key: req.headers['idempotency-key'] as string | undefined,
        at: Date.now(),
      };
      calls.push(call);
      setTimeout(() => {
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ticketId: `T-${calls.length}` }));
        call.answeredAt = Date.now();
      }, options.delayMs ?? 0);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/notices`,
    calls,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

export function writePlatformsFile(dir: string, platforms: unknown[]): string {
  const file = join(dir, 'platforms.json');
  writeFileSync(file, JSON.stringify({ platforms }));
  return file;
}
