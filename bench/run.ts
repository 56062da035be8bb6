import { runDispatch } from './dispatch.js';
import { runIntake } from './intake.js';
import { runMemory } from './memory.js';
import { runScale } from './scale.js';
import { runStartup } from './startup.js';
import { runUrgent } from './urgent.js';
import { machineLine, printBars, writeResults, type BenchReport } from './lib/results.js';

// `npm run bench [-- intake dispatch urgent scale memory startup]`: runs the chosen benchmarks (all
// by default), prints each one's figures and the table of bars, and keeps the results as JSON in
// bench/results/. Knobs are environment variables, listed in bench/README.md.

const env = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
const all = ['intake', 'dispatch', 'urgent', 'scale', 'memory', 'startup'];
const picked = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = picked.length ? picked : all;

const benches: Record<string, () => Promise<BenchReport>> = {
  intake: () =>
    runIntake({
      repeats: env('BENCH_REPEATS', 3),
      seconds: env('BENCH_SECONDS', 10),
      rate: env('BENCH_RATE', 1000),
      rateSeconds: env('BENCH_RATE_SECONDS', 30),
      mode: process.env.BENCH_MODE ?? 'all',
    }),
  urgent: () => runUrgent({ backlog: env('BENCH_BACKLOG', 100_000), samples: env('BENCH_URGENT_SAMPLES', 20), slowMs: 2000 }),
  scale: () =>
    runScale({
      levels: process.env.BENCH_SCALE_1M === '1' ? [10_000, 100_000, 1_000_000] : [10_000, 100_000],
      lookupSeconds: env('BENCH_SECONDS', 10),
    }),
  memory: () => runMemory({ seconds: env('BENCH_SOAK_SECONDS', 60), rate: env('BENCH_SOAK_RATE', 100) }),
  startup: () => runStartup({ repeats: env('BENCH_REPEATS', 3) + 2 }),
  dispatch: () =>
    runDispatch({ n: env('BENCH_DISPATCH_N', 10_000), concurrency: env('BENCH_CONCURRENCY', 32), repeats: env('BENCH_REPEATS', 3) }),
};

console.log(`machine: ${machineLine()}`);
const reports: BenchReport[] = [];
for (const name of names) {
  const bench = benches[name];
  if (!bench) throw new Error(`unknown benchmark ${name}; pick from ${all.join(', ')}`);
  console.log(`\n== ${name}`);
  const t = performance.now();
  const report = await bench();
  console.log(JSON.stringify(report.figures, null, 2));
  console.log(`(${((performance.now() - t) / 1000).toFixed(0)} s)`);
  reports.push(report);
}
console.log('\n== bars');
printBars(reports.flatMap((r) => r.bars));
console.log(`\nresults: ${writeResults(reports)}`);
