import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// One line per bar of the issue: what was measured, the bar, and whether it was met.
export interface BarResult {
  bench: string;
  bar: string;
  measured: string;
  met: boolean;
}

export interface BenchReport {
  name: string;
  bars: BarResult[];
  /** Absolute figures for context, printed and stored as they are. */
  figures: Record<string, unknown>;
}

export const benchDir = dirname(dirname(fileURLToPath(import.meta.url)));
export const repoRoot = dirname(benchDir);

export function machineLine(): string {
  const c = cpus();
  return `${c.length} × ${c[0]?.model ?? 'cpu'}, Node ${process.version}, load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`;
}

export function writeResults(reports: BenchReport[]): string {
  const dir = join(benchDir, 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), machine: machineLine(), reports }, null, 2));
  return file;
}

export function printBars(bars: BarResult[]): void {
  const rows = bars.map((b) => [b.met ? 'met' : 'MISSED', b.bench, b.bar, b.measured]);
  const widths = [6, 10, 46];
  for (const r of rows) console.log(r.map((c, i) => (i < widths.length ? c.padEnd(widths[i]!) : c)).join('  '));
}
