import { rateRun } from './lib/load.js';
import { startService, startSink } from './lib/processes.js';
import type { BenchReport } from './lib/results.js';
import { intakeBody, scratch, serviceEnv, writePlatforms } from './lib/setup.js';
import { fmt, median } from './lib/stats.js';

// Bar 5: resident memory of the server (MODE=all: web and worker) under a steady intake load, read
// from /proc every second. Growth compares the median of the first fifth of the soak with the
// median of the last fifth (minute 1 against minute 5 for the full 5-minute soak).

export async function runMemory(options: { seconds: number; rate: number }): Promise<BenchReport> {
  const sink = await startSink();
  const tmp = scratch('memory');
  const platformsFile = writePlatforms(tmp.dir, [
    { id: 'alpha', url: sink.url },
    { id: 'beta', url: sink.url },
  ]);
  // BENCH_SERVICE_NODE_OPTIONS (e.g. --max-old-space-size=96) tells a leak from a heap V8 lets grow.
  const nodeOptions = process.env.BENCH_SERVICE_NODE_OPTIONS;
  const service = await startService({ env: serviceEnv(tmp.dir, platformsFile, nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}) });
  const samples: number[] = [];
  const sampler = setInterval(() => samples.push(service.rssMb()), 1000);
  try {
    const startRss = service.rssMb();
    const load = await rateRun({
      url: `${service.url}/api/v1/requests`,
      method: 'POST',
      body: intakeBody(),
      headers: { 'content-type': 'application/json' },
      rate: options.rate,
      seconds: options.seconds,
      connections: 20,
    });
    clearInterval(sampler);
    const fifth = Math.max(1, Math.floor(samples.length / 5));
    const early = median(samples.slice(0, fifth));
    const late = median(samples.slice(-fifth));
    const growth = late / early - 1;
    const peak = Math.max(...samples);
    console.log(
      `  rss: start ${fmt(startRss, 0)} MB, first fifth ${fmt(early, 0)} MB, last fifth ${fmt(late, 0)} MB, peak ${fmt(peak, 0)} MB`,
    );
    return {
      name: 'memory',
      bars: [
        { bench: 'memory', bar: 'resident memory under intake load ≤ 200 MB', measured: `${fmt(peak, 0)} MB peak`, met: peak <= 200 },
        {
          bench: 'memory',
          bar: `no growth over the soak (< 10 %, ${fmt(options.seconds / 60, 1)} min)`,
          measured: `${fmt(growth * 100, 1)} %`,
          met: growth < 0.1,
        },
      ],
      figures: {
        seconds: options.seconds,
        rate: options.rate,
        achievedRps: load.rps,
        errors: load.errors + load.non2xx + load.timeouts,
        rssStartMb: startRss,
        rssEarlyMb: early,
        rssLateMb: late,
        rssPeakMb: peak,
        samplesMb: samples.map((s) => Math.round(s)),
      },
    };
  } finally {
    clearInterval(sampler);
    await service.stop();
    await sink.close();
    tmp.remove();
  }
}
