import type { Hono } from 'hono';
import { Gauge, Registry } from 'prom-client';
import type { AppDeps } from '../../app-deps.js';

// Prometheus text. Figures are read from the database at scrape time, so every process (web or
// worker) reports the same truth and nothing is lost on restart.
export function registerMetrics(app: Hono, deps: AppDeps): void {
  const registry = new Registry();
  const bySubmissionStatus = deps.database.sqlite.prepare<[], { status: string; channel: string; n: number }>(
    'SELECT status, channel, count(*) AS n FROM submissions GROUP BY status, channel',
  );
  const byRequestStatus = deps.database.sqlite.prepare<[], { status: string; urgent: number; n: number }>(
    'SELECT status, urgent, count(*) AS n FROM requests GROUP BY status, urgent',
  );
  new Gauge({
    name: 'takedown_submissions',
    help: 'Submissions (one notice to one platform) by status and channel.',
    labelNames: ['status', 'channel'],
    registers: [registry],
    collect() {
      this.reset();
      for (const r of bySubmissionStatus.all()) this.set({ status: r.status, channel: r.channel }, r.n);
    },
  });
  new Gauge({
    name: 'takedown_requests',
    help: 'Removal requests by status and urgency.',
    labelNames: ['status', 'urgent'],
    registers: [registry],
    collect() {
      this.reset();
      for (const r of byRequestStatus.all()) this.set({ status: r.status, urgent: r.urgent ? 'true' : 'false' }, r.n);
    },
  });
  app.get('/metrics', async (c) => c.body(await registry.metrics(), 200, { 'content-type': registry.contentType }));
}
