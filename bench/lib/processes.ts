import { fork, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { benchDir, repoRoot } from './results.js';
import { sleep } from './stats.js';

// Child processes the benchmarks measure or lean on. Each is started and stopped by its handle,
// never by name, so a run leaves nothing behind on a machine shared with others.

const tsxImport = ['--import', 'tsx'];

export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const address = s.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

export interface Sink {
  url: string;
  slowUrl(delayMs: number): string;
  stats(): Promise<{ count: number; urgentArrivals: Array<{ reference: string; at: number }> }>;
  reset(): Promise<void>;
  close(): Promise<void>;
}

export async function startSink(): Promise<Sink> {
  const child = fork(join(benchDir, 'lib', 'sink-server.ts'), [], { execArgv: tsxImport, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.on('message', function onListening(m: { type: string; port?: number }) {
      if (m.type === 'listening') {
        child.off('message', onListening);
        resolve(m.port!);
      }
    });
  });
  const ask = <T>(type: string) =>
    new Promise<T>((resolve) => {
      child.on('message', function onAnswer(m: { type: string } & T) {
        if (m.type === type) {
          child.off('message', onAnswer);
          resolve(m);
        }
      });
      child.send({ type });
    });
  return {
    url: `http://127.0.0.1:${port}/notices`,
    slowUrl: (ms) => `http://127.0.0.1:${port}/slow/${ms}/notices`,
    stats: () => ask('stats'),
    reset: async () => void (await ask('reset')),
    close: () => stopChild(child),
  };
}

export interface Service {
  url: string;
  pid: number;
  /** Milliseconds from spawn to the first `/healthz` 200. */
  startupMs: number;
  rssMb(): number;
  stop(): Promise<void>;
}

/**
 * Starts the service as `npm start` does, minus npm (see serviceCommand), or with the given
 * command, so the measured process is the server itself and its memory can be read.
 */
export async function startService(options: { env: Record<string, string>; command?: string[]; timeoutMs?: number }): Promise<Service> {
  const port = await freePort();
  const start = options.command ? { command: options.command, env: {} } : await serviceCommand();
  const [cmd, ...args] = start.command;
  const t0 = performance.now();
  const child = spawn(cmd!, args, {
    cwd: repoRoot,
    env: { ...process.env, ...start.env, HOST: '127.0.0.1', PORT: String(port), ...options.env },
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = t0 + (options.timeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`service exited with ${child.exitCode} before it answered`);
    try {
      const res = await fetch(`${url}/healthz`);
      await res.arrayBuffer();
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (performance.now() > deadline) {
      await stopChild(child, true);
      throw new Error('service did not answer /healthz in time');
    }
    await sleep(5);
  }
  const startupMs = performance.now() - t0;
  return {
    url,
    pid: child.pid!,
    startupMs,
    rssMb: () => rssMbOf(child.pid!),
    stop: () => stopChild(child, true),
  };
}

/**
 * What `npm start` runs, without npm in front: package.json's `start` script when it is a plain
 * `[NAME=value …] node …` command (its environment and flags, such as the heap caps, included),
 * or tsx on an older tree.
 */
export async function serviceCommand(): Promise<{ command: string[]; env: Record<string, string> }> {
  const { parseStartScript } = (await import(pathToFileURL(join(repoRoot, 'scripts/start-command.mjs')).href).catch(() => ({
    parseStartScript: () => undefined,
  }))) as { parseStartScript(path: string): { env: Record<string, string>; nodeArguments: string[] } | undefined };
  const start = parseStartScript(join(repoRoot, 'package.json'));
  if (start) return { command: [process.execPath, ...start.nodeArguments], env: start.env };
  return { command: [process.execPath, ...tsxImport, 'src/main.ts'], env: {} };
}

export function rssMbOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

/** Runs a bench script in its own process and returns the JSON it sends back. */
export function runChild<T>(script: string, args: string[], options: { execArgv?: string[] } = {}): Promise<T> {
  const child = fork(join(benchDir, script), args, {
    execArgv: [...(options.execArgv ?? []), ...tsxImport],
    cwd: repoRoot,
    env: process.env,
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise<T>((resolve, reject) => {
    let result: T | undefined;
    child.on('message', (m: { type: string; result?: T }) => {
      if (m.type === 'result') result = m.result;
    });
    child.once('error', reject);
    child.once('exit', (code) => (result !== undefined ? resolve(result) : reject(new Error(`${script} exited with ${code}`))));
  });
}

async function stopChild(child: ChildProcess, group = false): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  try {
    if (group && child.pid) process.kill(-child.pid, 'SIGTERM');
    else child.kill('SIGTERM');
  } catch {
    child.kill('SIGTERM');
  }
  const timer = setTimeout(() => {
    try {
      if (group && child.pid) process.kill(-child.pid, 'SIGKILL');
      else child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }, 12_000);
  await exited;
  clearTimeout(timer);
}
