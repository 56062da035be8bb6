import type { AppDeps } from '../../../app-deps.js';
import { loadQueueCounts, loadWorkQueue, workQueueQuerySchema } from '../../../cases/work-queue.js';
import { render, uiFor, type DashboardApp } from '../context.js';
import { QueuePage } from '../pages/queue-page.js';

export function registerQueue(app: DashboardApp, deps: AppDeps): void {
  app.get('/admin', (c) => {
    const ui = uiFor(c);
    const parsed = workQueueQuerySchema.safeParse(c.req.query());
    // A filter that makes no sense shows the default queue rather than an error page.
    const query = parsed.success ? parsed.data : workQueueQuerySchema.parse({});
    const { rows, nextCursor } = loadWorkQueue(deps.database.sqlite, query);
    const counts = loadQueueCounts(deps.database.sqlite);
    const platforms = deps.registry.platforms.map((p) => ({ id: p.id, name: p.name }));
    return render(c, <QueuePage ui={ui} query={query} counts={counts} rows={rows} nextCursor={nextCursor} platforms={platforms} />);
  });
}
