#!/usr/bin/env node
// `npm start`: runs the service from JavaScript compiled into dist/, compiling first whenever a
// source file is newer than the last compile. Loading TypeScript through tsx's loader hooks costs
// more than a second of start-up on a busy 2-core machine; plain ESM loads in a fraction of that,
// and an emergency service must be back fast after a restart. The compile keeps one output file
// per source file, in the same layout, and copies every other file beside them (locales, assets),
// so code that reads files relative to its own module finds them as it does under tsx.
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const out = join(root, 'dist');
const stamp = join(out, '.compiled');
const sourceDirs = ['src', 'platforms'];
const isSource = (f) => /\.(ts|tsx|mts)$/.test(f) && !/\.(test|spec)\.(ts|tsx)$/.test(f) && !f.endsWith('.d.ts');

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
    statSync(join(root, 'package.json')).mtimeMs > builtAt ||
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
    entryPoints: files.filter(isSource),
    outdir: next,
    outbase: root,
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
