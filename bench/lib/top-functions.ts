import { readFileSync } from 'node:fs';

// `npx tsx bench/lib/top-functions.ts file.cpuprofile [n] [inclusive]`: time per function,
// heaviest first; self time by default, time including callees with `inclusive`.
interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
const [file, count = '40', mode = 'self'] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file!, 'utf8')) as { nodes: Node[]; samples: number[]; timeDeltas: number[] };
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const name = (n: Node) =>
  `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.replace(/^.*node_modules\//, 'nm:').replace(/^file:\/\/.*\/(src|platforms|bench)\//, '$1/')}:${n.callFrame.lineNumber}`;
const time = new Map<string, number>();
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i] ?? 0;
  if (mode !== 'inclusive') {
    const key = name(byId.get(id)!);
    time.set(key, (time.get(key) ?? 0) + dt);
    return;
  }
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const key = name(byId.get(cur)!);
    if (seen.has(key)) continue;
    seen.add(key);
    time.set(key, (time.get(key) ?? 0) + dt);
  }
});
const total = profile.timeDeltas.reduce((a, b) => a + b, 0);
for (const [k, v] of [...time].sort((a, b) => b[1] - a[1]).slice(0, Number(count))) {
  console.log(`${((v / total) * 100).toFixed(1).padStart(5)}%  ${k}`);
}
