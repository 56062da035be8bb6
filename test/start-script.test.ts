import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const { parseStartScript } = (await import('../scripts/start-command.mjs' as string)) as {
  parseStartScript(path: string): { env: Record<string, string>; nodeArguments: string[] } | undefined;
};
const root = fileURLToPath(new URL('..', import.meta.url));

function packageWithStart(start: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'start-script-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ scripts: { start } }));
  return join(dir, 'package.json');
}

describe('the start script', () => {
  it('starts the server with two malloc arenas and capped heaps, which the process tests start it with too', () => {
    // Each thread that allocates would otherwise get a malloc arena of its own, and their slack
    // grew resident memory through a 5-minute soak (bench/README.md, round 10).
    expect(parseStartScript(join(root, 'package.json'))).toEqual({
      env: { MALLOC_ARENA_MAX: '2' },
      nodeArguments: ['--max-old-space-size=128', '--max-semi-space-size=4', 'scripts/start.mjs'],
    });
  });

  it('reads the environment a script sets before node, and refuses what is not a plain node command', () => {
    expect(parseStartScript(packageWithStart('A=1 B_2=x/y node --flag main.mjs'))).toEqual({
      env: { A: '1', B_2: 'x/y' },
      nodeArguments: ['--flag', 'main.mjs'],
    });
    expect(parseStartScript(packageWithStart('node main.mjs && echo done'))).toBeUndefined();
    expect(parseStartScript(packageWithStart('tsx src/main.ts'))).toBeUndefined();
    expect(parseStartScript(packageWithStart('A=$(whoami) node main.mjs'))).toBeUndefined();
  });
});
