import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { sourceFile } from '../source-files.js';

// Starts the module `entry` (its path under src/, without extension) on a thread of its own. The
// extension is this module's: .js in `npm start`'s bundle (dist/, where each thread's entry is a
// file of its own), .ts when run from source under tsx, whose loader hooks a new thread does not
// inherit: the thread registers them itself before it imports the entry.
export function spawnThread(entry: string, workerData: unknown): Worker {
  const extension = extname(fileURLToPath(import.meta.url));
  const module = sourceFile(`${entry}${extension}`);
  if (extension === '.js') return new Worker(module, { workerData });
  const tsx = import.meta.resolve('tsx/esm/api');
  const code = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(module.href)}); });`;
  return new Worker(code, { eval: true, workerData });
}
