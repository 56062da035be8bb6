import { runChild, startSink } from './lib/processes.js';
import type { BenchReport } from './lib/results.js';
import { fmt, median, summary } from './lib/stats.js';

// Bar 2: our worker against plainjob and liteque, the SQLite job queues a Node user would pick
// instead, each sending the same no-op notice over HTTP to one loopback platform that answers at
// once, with the same concurrency and HTTP client, interleaved run by run so the machine's noise
// falls on all three alike.

export async function runDispatch(options: { n: number; concurrency: number; repeats: number }): Promise<BenchReport> {
  const sink = await startSink();
  const rates: Record<string, number[]> = { ours: [], plainjob: [], liteque: [] };
  const cpu: Record<string, number[]> = { ours: [], plainjob: [], liteque: [] };
  try {
    for (let i = 0; i < options.repeats; i++) {
      for (const queue of Object.keys(rates)) {
        const r = await runChild<{ perSecond: number; cpuUsPerNotice: number }>('dispatch-contender.ts', [
          queue,
          String(options.n),
          String(options.concurrency),
          sink.url,
        ]);
        rates[queue]!.push(r.perSecond);
        cpu[queue]!.push(r.cpuUsPerNotice);
        console.log(`  repeat ${i + 1}: ${queue} ${fmt(r.perSecond, 0)} notices/s, ${fmt(r.cpuUsPerNotice, 0)} µs CPU per notice`);
      }
    }
    const received = (await sink.stats()).count;
    const ours = median(rates.ours!);
    const best = Math.max(median(rates.plainjob!), median(rates.liteque!));
    return {
      name: 'dispatch',
      bars: [
        {
          bench: 'dispatch',
          bar: 'ours ≥ the better of plainjob and liteque',
          measured: `${fmt(ours / best, 2)} × the better`,
          met: ours >= best,
        },
        { bench: 'dispatch', bar: 'ours ≥ 2,000 notices/s', measured: `${fmt(ours, 0)} notices/s`, met: ours >= 2000 },
      ],
      figures: {
        notices: options.n,
        concurrency: options.concurrency,
        oursPerSecond: summary(rates.ours!, 0),
        plainjobPerSecond: summary(rates.plainjob!, 0),
        litequePerSecond: summary(rates.liteque!, 0),
        oursOverBetter: fmt(ours / best, 2),
        cpuUsPerNotice: Object.fromEntries(Object.entries(cpu).map(([q, v]) => [q, summary(v, 0)])),
        receivedBySink: received,
        expectedBySink: options.n * 3 * options.repeats,
      },
    };
  } finally {
    await sink.close();
  }
}
