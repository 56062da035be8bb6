import { connectionsRun } from './lib/load.js';
import { startService, startSink } from './lib/processes.js';
import { scratch, intakeBody, serviceEnv, writePlatforms } from './lib/setup.js';

// `npx tsx bench/profile.ts <dir> [MODE]`: the intake load against a server started with
// --cpu-prof, for finding where its time goes. Open the .cpuprofile in Chrome's DevTools.
const [dir = '/tmp/takedown-prof', mode = 'all'] = process.argv.slice(2);
const sink = await startSink();
const tmp = scratch('profile');
const platformsFile = writePlatforms(tmp.dir, [
  { id: 'alpha', url: sink.url },
  { id: 'beta', url: sink.url },
]);
const service = await startService({
  env: serviceEnv(tmp.dir, platformsFile, { MODE: mode }),
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
console.log(`intake ${r.rps.toFixed(0)}/s p99 ${r.p99} ms`);
await service.stop();
await sink.close();
tmp.remove();
