// Vitest's global set-up: bundles the service once, as `npm start` would, before any test file
// starts it (support/process.ts). Test files run in parallel; without this, the first few to
// start the server would each find the bundle stale and build it at the same moment.
export async function setup(): Promise<void> {
  const start = (await import('../../scripts/start.mjs' as string)) as { compile(): Promise<boolean> };
  await start.compile();
}
