import { connectionsRun } from './lib/load.js';
import { runChild, startService, startSink } from './lib/processes.js';
import { scratch, intakeBody, serviceEnv, writePlatforms } from './lib/setup.js';

// Where the time goes, for the two hot paths. Open the .cpuprofile in Chrome's DevTools, or list
// the heaviest functions with `npx tsx bench/lib/top-functions.ts <file> 40`.
//   npx tsx bench/profile.ts intake <dir> [MODE]   the intake load against a server run with --cpu-prof
//   npx tsx bench/profile.ts dispatch <dir> [N]    our dispatch contender (N notices) run with --cpu-prof
//   npx tsx bench/profile.ts plainjob <dir> [N]    the same for plainjob (or liteque), to compare
const [target = 'intake', dir = '/tmp/takedown-prof', extra] = process.argv.slice(2);
const sink = await startSink();
try {
  if (target === 'dispatch' || target === 'plainjob' || target === 'liteque') {
    const n = Number(extra ?? 20_000);
    const queue = target === 'dispatch' ? 'ours' : target;
    const r = await runChild<{ perSecond: number; cpuUsPerNotice: number }>('dispatch-contender.ts', [queue, String(n), '32', sink.url], {
      execArgv: ['--cpu-prof', `--cpu-prof-dir=${dir}`],
    });
    console.log(`dispatch ${r.perSecond.toFixed(0)} notices/s, ${r.cpuUsPerNotice.toFixed(0)} µs CPU per notice (profiled)`);
  } else {
    const tmp = scratch('profile');
    const platformsFile = writePlatforms(tmp.dir, [
      { id: 'alpha', url: sink.url },
      { id: 'beta', url: sink.url },
    ]);
    const service = await startService({
      env: serviceEnv(tmp.dir, platformsFile, { MODE: extra ?? 'all' }),
      command: [process.execPath, '--cpu-prof', `--cpu-prof-dir=${dir}`, '--import', 'tsx', 'src/main.ts'],
    });
    const r = await connectionsRun({
      url: `${service.url}/api/v1/requests`,
      method: 'POST',
      body: intakeBody(),
      headers: { 'content-type': 'application/json' },
      connections: 50,
      seconds: Number(process.env.BENCH_SECONDS ?? 15),
    });
    console.log(`intake ${r.rps.toFixed(0)}/s p99 ${r.p99} ms, ${r.non2xx + r.errors + r.timeouts} not 2xx`);
    await service.stop();
    tmp.remove();
  }
} finally {
  await sink.close();
}
