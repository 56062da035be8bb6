// Fails when `npm audit --omit=dev` reports a high or critical advisory that has a fix available.
// Advisories without a fix are printed but do not block a release nobody could make safer.
import { spawnSync } from 'node:child_process';

const r = spawnSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf8' });
let report;
try {
  report = JSON.parse(r.stdout);
} catch {
  console.log(`audit-gate: npm audit gave no report (${(r.stderr || '').trim().split('\n').at(-1)}); not blocking`);
  process.exit(0);
}
const blocking = Object.values(report.vulnerabilities ?? {}).filter((v) => ['high', 'critical'].includes(v.severity) && v.fixAvailable);
for (const v of Object.values(report.vulnerabilities ?? {}))
  console.log(`audit-gate: ${v.severity} ${v.name}${v.fixAvailable ? ' (fix available)' : ''}`);
if (blocking.length) {
  console.log(`audit-gate: ${blocking.length} high/critical advisories with a fix: ${blocking.map((v) => v.name).join(', ')}`);
  process.exit(1);
}
console.log('audit-gate: no high or critical advisory with a fix');
