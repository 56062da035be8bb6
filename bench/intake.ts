import { connectionsRun, rateRun, type LoadResult } from './lib/load.js';
import { startService, startSink, type Sink } from './lib/processes.js';
import type { BenchReport } from './lib/results.js';
import { scratch, intakeBody, serviceEnv, writePlatforms } from './lib/setup.js';
import { fmt, median, sleep, summary } from './lib/stats.js';

// Bar 1: POST /api/v1/requests (3 links, 2 platforms) against GET /healthz of the same server in
// the same run, 50 connections; then a fixed 1,000 requests/s for 30 s, corrected for coordinated
// omission. The worker runs in the same process (MODE=all, the default) and sends every notice to
// a loopback platform, so intake pays for dispatch as it would in the embedded set-up.

export async function runIntake(options: {
  repeats: number;
  seconds: number;
  rateSeconds: number;
  rate: number;
  mode: string;
}): Promise<BenchReport> {
  const sink = await startSink();
  const tmp = scratch('intake');
  const platformsFile = writePlatforms(tmp.dir, [
    { id: 'alpha', url: sink.url },
    { id: 'beta', url: sink.url },
  ]);
  const service = await startService({ env: serviceEnv(tmp.dir, platformsFile, { MODE: options.mode }) });
  const rss: number[] = [];
  const sampler = setInterval(() => rss.push(service.rssMb()), 1000);
  try {
    const post = {
      url: `${service.url}/api/v1/requests`,
      method: 'POST' as const,
      body: intakeBody(),
      headers: { 'content-type': 'application/json' },
    };
    const health = { url: `${service.url}/healthz` };
    // Warm-up: JIT, page cache, the sink's connections.
    await connectionsRun({ ...health, connections: 50, seconds: 2 });
    await connectionsRun({ ...post, connections: 50, seconds: 3 });

    const healthRuns: LoadResult[] = [];
    const intakeRuns: LoadResult[] = [];
    for (let i = 0; i < options.repeats; i++) {
      healthRuns.push(await connectionsRun({ ...health, connections: 50, seconds: options.seconds }));
      intakeRuns.push(await connectionsRun({ ...post, connections: 50, seconds: options.seconds }));
      log(
        `  repeat ${i + 1}: healthz ${fmt(healthRuns.at(-1)!.rps, 0)}/s, intake ${fmt(intakeRuns.at(-1)!.rps, 0)}/s p99 ${intakeRuns.at(-1)!.p99} ms, ${failures(intakeRuns.at(-1)!)} not 2xx`,
      );
    }
    const ratios = intakeRuns.map((r, i) => r.rps / healthRuns[i]!.rps);
    // The closed-loop runs file requests faster than the worker sends their two notices each, and
    // leave a backlog of tens of thousands. The fixed rate starts once those have gone out, so it
    // measures 1,000 requests/s, not 1,000/s on top of a worker draining a backlog at full speed.
    const drainStart = performance.now();
    await untilQuiet(sink, { quietMs: 1_000, timeoutMs: 180_000 });
    const drainSeconds = (performance.now() - drainStart) / 1000;
    log(`  notices of the closed-loop runs all sent after ${fmt(drainSeconds, 1)} s more`);
    const fixed = await rateRun({ ...post, rate: options.rate, seconds: options.rateSeconds, connections: 50 });
    log(
      `  fixed rate: ${fmt(fixed.rps, 0)}/s, p99 ${fmt(fixed.p99, 1)} ms corrected (${fmt(fixed.p99Raw, 1)} raw), errors ${failures(fixed)}`,
    );
    const sent = await sink.stats();

    const p99 = median(intakeRuns.map((r) => r.p99));
    const ratio = median(ratios);
    const fixedErrors = failures(fixed);
    const connErrors = intakeRuns.reduce((n, r) => n + failures(r), 0);
    return {
      name: 'intake',
      bars: [
        {
          bench: 'intake',
          bar: 'intake ≥ 0.15 × healthz requests/s (50 conns)',
          measured: `${fmt(ratio, 3)} ×`,
          met: ratio >= 0.15 && connErrors === 0,
        },
        { bench: 'intake', bar: 'intake p99 ≤ 20 ms (50 conns)', measured: `${fmt(p99, 1)} ms`, met: p99 <= 20 && connErrors === 0 },
        {
          bench: 'intake',
          bar: `${options.rate}/s for ${options.rateSeconds} s: p99 ≤ 25 ms (CO-corrected), no error`,
          measured: `${fmt(fixed.p99, 1)} ms, ${fixedErrors} errors`,
          met: fixed.p99 <= 25 && fixedErrors === 0,
        },
      ],
      figures: {
        mode: options.mode,
        healthzRps: summary(
          healthRuns.map((r) => r.rps),
          0,
        ),
        intakeRps: summary(
          intakeRuns.map((r) => r.rps),
          0,
        ),
        ratio: summary(ratios, 3),
        intakeP50Ms: summary(intakeRuns.map((r) => r.p50)),
        intakeP99Ms: summary(intakeRuns.map((r) => r.p99)),
        healthzP99Ms: summary(healthRuns.map((r) => r.p99)),
        connectionRunErrors: connErrors,
        backlogDrainSeconds: drainSeconds,
        fixedRate: {
          rate: options.rate,
          seconds: options.rateSeconds,
          achievedRps: fixed.rps,
          p50Ms: fixed.p50,
          p99Ms: fixed.p99,
          p99RawMs: fixed.p99Raw,
          maxMs: fixed.max,
          errors: fixedErrors,
        },
        noticesReceivedBySink: sent.count,
        rssMaxMb: Math.max(...rss),
      },
    };
  } finally {
    clearInterval(sampler);
    await service.stop();
    await sink.close();
    tmp.remove();
  }
}

// Waits until the sink has received nothing new for `quietMs`: the worker has sent all it had.
async function untilQuiet(sink: Sink, options: { quietMs: number; timeoutMs: number }): Promise<void> {
  const deadline = performance.now() + options.timeoutMs;
  let last = (await sink.stats()).count;
  let quietSince = performance.now();
  while (performance.now() < deadline) {
    await sleep(250);
    const count = (await sink.stats()).count;
    if (count !== last) {
      last = count;
      quietSince = performance.now();
    } else if (performance.now() - quietSince >= options.quietMs) {
      return;
    }
  }
  throw new Error(`the worker was still sending after ${options.timeoutMs} ms`);
}

// A refused request (a 429, a 503) is fast and would flatter the figures: every one is counted.
function failures(r: LoadResult): number {
  return r.errors + r.non2xx + r.timeouts;
}

function log(line: string): void {
  console.log(line);
}
