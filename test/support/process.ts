import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';

// The real server as a child process, started the way `npm start` starts it (the bundle in dist/,
// built once by the tests' global set-up, with the same heap caps), and platforms as real HTTP
// servers on loopback: for the tests that must cross a process boundary (kill -9, SIGTERM, split
// modes).

const root = fileURLToPath(new URL('../..', import.meta.url));
// package.json's start script, minus npm: `[NAME=value …] node <flags> scripts/start.mjs`.
const { parseStartScript } = (await import('../../scripts/start-command.mjs' as string)) as {
  parseStartScript(path: string): { env: Record<string, string>; nodeArguments: string[] } | undefined;
};
const startScript = (() => {
  const parsed = parseStartScript(join(root, 'package.json'));
  if (!parsed) throw new Error("package.json's start script is not a plain node command");
  return parsed;
})();

export interface PlatformCall {
  noticeId: string;
  idempotencyKey: string | undefined;
  reference: string;
  receivedAt: number;
  /** When the answer was written; undefined while the call is still held. */
  respondedAt?: number;
}

export interface MockPlatform {
  url: string;
  calls: PlatformCall[];
  close(): Promise<void>;
}

// Answers 200 with a ticket id after `delayMs`, or never when `delayMs` is Infinity.
export async function startMockPlatform(options: { delayMs: number }): Promise<MockPlatform> {
  const calls: PlatformCall[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (c) => (text += c));
    req.on('end', () => {
      let body: { noticeId?: string; reference?: string } = {};
      try {
        body = JSON.parse(text);
      } catch {
        // recorded as is
      }
      const entry: PlatformCall = {
        noticeId: body.noticeId ?? '',
        idempotencyKey: req.headers['idempotency-key'] as string | undefined,
        reference: body.reference ?? '',
        receivedAt: Date.now(),
      };
      calls.push(entry);
      if (!Number.isFinite(options.delayMs)) return;
      const timer = setTimeout(() => {
        timers.delete(timer);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ticketId: `T-${calls.length}` }), () => {
          entry.respondedAt = Date.now();
        });
      }, options.delayMs);
      timers.add(timer);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/notices`,
    calls,
    async close() {
      for (const t of timers) clearTimeout(t);
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `takedown-${prefix}-`));
}

export function writePlatformsFile(dir: string, platforms: Array<{ id: string; url: string }>): string {
  const path = join(dir, 'platforms.json');
  writeFileSync(
    path,
    JSON.stringify({
      platforms: platforms.map((p) => ({ id: p.id, name: p.id, domains: [`${p.id}.test`], channel: { type: 'http', url: p.url } })),
    }),
  );
  return path;
}

export interface ServiceProcess {
  child: ChildProcess;
  /** Sends `signal` to the server's whole process group. */
  signal(signal: NodeJS.Signals): void;
  /** http://127.0.0.1:<port>, once the web side listens (empty for MODE=worker). */
  base: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
}

// Starts the server with a clean environment plus `env`, and (unless MODE=worker) waits until it
// listens and /healthz answers.
export async function startService(env: Record<string, string>, options: { timeoutMs?: number } = {}): Promise<ServiceProcess> {
  const child = spawn(process.execPath, startScript.nodeArguments, {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0', LOG_LEVEL: 'info', ...startScript.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so a signal reaches everything the server started and nothing of
    // it outlives the test.
    detached: true,
  });
  let out = '';
  let port: number | undefined;
  const collect = (chunk: Buffer) => {
    out += chunk.toString('utf8');
    if (out.length > 200_000) out = out.slice(-100_000);
    port ??= Number(/"port":(\d+)[^\n]*"msg":"listening"/.exec(out)?.[1]) || undefined;
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let gone = false;
  void exited.then(() => (gone = true));
  const service: ServiceProcess = {
    child,
    base: '',
    exited,
    output: () => out,
    signal(signal) {
      try {
        process.kill(-child.pid!, signal);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
      }
    },
  };
  if (env.MODE === 'worker') {
    await waitFor(() => /"msg":"started"/.test(out) || gone, { timeoutMs: options.timeoutMs ?? 30_000, what: 'the worker to start' });
    if (gone) throw new Error(`the worker exited at start:\n${out}`);
    return service;
  }
  await waitFor(() => port !== undefined || gone, { timeoutMs: options.timeoutMs ?? 30_000, what: 'the server to listen' });
  if (gone) throw new Error(`the server exited at start:\n${out}`);
  service.base = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${service.base}/healthz`).catch(() => null))?.status === 200, {
    timeoutMs: 10_000,
    what: '/healthz',
  });
  return service;
}

// Polls `check` until it holds; never a blind sleep.
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  options: { timeoutMs: number; what: string; intervalMs?: number },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${options.what}`);
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 25));
  }
}

export async function api(
  base: string,
  method: string,
  path: string,
  options: { body?: unknown; token?: string } = {},
): Promise<{ status: number; json: any }> {
  const headers: Record<string, string> = {};
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, json };
}

// Stops the service if it still runs, and makes sure nothing of its process group is left behind.
export async function stopService(service: ServiceProcess): Promise<void> {
  if (service.child.exitCode === null && service.child.signalCode === null) {
    service.signal('SIGTERM');
    const timer = setTimeout(() => service.signal('SIGKILL'), 12_000);
    await service.exited;
    clearTimeout(timer);
  }
  service.signal('SIGKILL');
}

/** Services and platforms a describe block started, stopped after its last test whatever happened. */
export function stoppedAfterAll(): Array<ServiceProcess | MockPlatform> {
  const open: Array<ServiceProcess | MockPlatform> = [];
  afterAll(async () => {
    for (const x of open.splice(0)) await ('child' in x ? stopService(x) : x.close());
  });
  return open;
}
