import { startService } from './lib/processes.js';
import type { BenchReport } from './lib/results.js';
import { scratch, serviceEnv, writePlatforms } from './lib/setup.js';
import { fmt, median, summary } from './lib/stats.js';

// Bar 6 (empty database): from spawning `npm start` to the first /healthz 200, on a fresh data
// folder each time (database created and migrated, data key generated). The same for
// `node --import tsx src/main.ts`, which leaves npm's own start-up out, for comparison.
// The start on a database of 1M requests is measured by the scale bench.

export async function runStartup(options: { repeats: number }): Promise<BenchReport> {
  const commands: Record<string, string[]> = {
    'npm start': ['npm', 'start', '--silent'],
    'node --import tsx src/main.ts': [process.execPath, '--import', 'tsx', 'src/main.ts'],
  };
  const times: Record<string, number[]> = {};
  for (let i = 0; i < options.repeats; i++) {
    for (const [name, command] of Object.entries(commands)) {
      const tmp = scratch('startup');
      const platformsFile = writePlatforms(tmp.dir, [{ id: 'alpha', url: 'http://127.0.0.1:9/notices' }]);
      try {
        const service = await startService({ env: serviceEnv(tmp.dir, platformsFile), command });
        (times[name] ??= []).push(service.startupMs);
        await service.stop();
      } finally {
        tmp.remove();
      }
    }
  }
  const npmStart = median(times['npm start']!);
  return {
    name: 'startup',
    bars: [
      {
        bench: 'startup',
        bar: 'cold start to /healthz ≤ 1 s, empty database (npm start)',
        measured: `${fmt(npmStart, 0)} ms`,
        met: npmStart <= 1000,
      },
    ],
    figures: Object.fromEntries(Object.entries(times).map(([k, v]) => [k, summary(v, 0)])),
  };
}
