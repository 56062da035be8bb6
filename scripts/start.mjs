#!/usr/bin/env node
// `npm start`: runs the service from JavaScript bundled into dist/, bundling first whenever a
// source file is newer than the last build. Loading TypeScript through tsx's loader hooks costs
// more than a second of start-up on a busy 2-core machine, and even plain ESM spent most of the
// start resolving, reading and linking some hundreds of module files one by one (ours and our
// dependencies'); an emergency service must be back fast after a restart. Each thread's entry is
// one bundle (with the code they share in chunks), placed where its source sits (dist/src/main.js,
// dist/src/dispatch/worker-thread.js, …), and every other file under src/ and platforms/ (page
// assets, message catalogues) is copied beside it in the same layout, where source-files.ts finds it.
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const out = join(root, 'dist');
const stamp = join(out, '.compiled');
const sourceDirs = ['src', 'platforms'];
// The process's entry and the entries of the threads it starts (threads/spawn-thread.ts).
const entries = ['src/main.ts', 'src/dispatch/worker-thread.ts', 'src/db/checkpoint-thread.ts'];

function walk(dir, files = []) {
  if (!existsSync(dir)) return files;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, files);
    else files.push(path);
  }
  return files;
}

export async function compile({ force = false } = {}) {
  const files = sourceDirs.flatMap((d) => walk(join(root, d)));
  const builtAt = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
  // Also when a file was deleted or renamed: the stamp records what the last compile saw.
  const fingerprint = files
    .map((f) => relative(root, f))
    .sort()
    .join('\n');
  const stale =
    force ||
    builtAt === 0 ||
    files.some((f) => statSync(f).mtimeMs > builtAt) ||
    // The bundle holds the dependencies' code too: a changed lock file means other code.
    ['package.json', 'package-lock.json'].some((f) => existsSync(join(root, f)) && statSync(join(root, f)).mtimeMs > builtAt) ||
    readFileSync(stamp, 'utf8') !== fingerprint;
  if (!stale) return false;
  const { build } = await import('esbuild');
  // Compiled aside and moved into place, so a second start at the same moment never loads a
  // half-written tree.
  const next = `${out}.${process.pid}`;
  rmSync(next, { recursive: true, force: true });
  mkdirSync(next, { recursive: true });
  await build({
    absWorkingDir: root,
    entryPoints: Object.fromEntries(entries.map((e) => [e.replace(/\.ts$/, ''), e])),
    outdir: next,
    bundle: true,
    splitting: true,
    chunkNames: 'src/chunks/[name]-[hash]',
    // The one native module; it finds its compiled addon relative to its own files.
    external: ['better-sqlite3'],
    // CommonJS dependencies bundled into ES modules still call require() for Node's own modules.
    banner: {
      js: [
        "import { createRequire as __createRequire } from 'node:module';",
        "import { fileURLToPath as __fileURLToPath } from 'node:url';",
        "import { dirname as __pathDirname } from 'node:path';",
        'const require = __createRequire(import.meta.url);',
        'const __filename = __fileURLToPath(import.meta.url);',
        'const __dirname = __pathDirname(__filename);',
      ].join(' '),
    },
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'linked',
    tsconfig: join(root, 'tsconfig.json'),
    logLevel: 'warning',
  });
  for (const f of files.filter((f) => !/\.(ts|tsx|mts)$/.test(f))) cpSync(f, join(next, relative(root, f)));
  writeFileSync(join(next, '.compiled'), fingerprint);
  rmSync(out, { recursive: true, force: true });
  try {
    renameSync(next, out);
  } catch {
    // Another start moved its own fresh compile into place first: use that one.
    rmSync(next, { recursive: true, force: true });
  }
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const force = process.argv.includes('--compile-only');
  await compile({ force });
  if (!force) await import(pathToFileURL(join(out, 'src', 'main.js')).href);
}
