import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// The nearest folder above this module that holds `marker`. Run from source, this module is
// src/source-files.ts; under `npm start` it is bundled into a file somewhere in dist/ (see
// scripts/start.mjs). Files found this way do not depend on which bundle file the code ended up in.
export function findUp(marker: string): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, marker))) return dir;
    if (dirname(dir) === dir) throw new Error(`no ${marker} found above the service code`);
  }
}

// Files the service reads or starts at run time (page assets, message catalogues, thread entries)
// keep their place under src/, and the compiled output has the same layout under dist/src/.
let sourceRoot: string | undefined;
export function sourceFile(path: string): URL {
  sourceRoot ??= join(findUp(join('src', 'web', 'locales')), 'src');
  return pathToFileURL(join(sourceRoot, path));
}
