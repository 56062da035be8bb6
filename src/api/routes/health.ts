import type { Hono } from 'hono';
import type { AppDeps } from '../../app-deps.js';
import { problems } from '../problem.js';

export function registerHealth(app: Hono, deps: AppDeps): void {
  // The database was migrated before the app was built; this proves it still answers.
  app.get('/healthz', (c) => {
    try {
      deps.database.sqlite.prepare('SELECT 1').get();
    } catch {
      throw problems.unavailable('The database does not answer.');
    }
    return c.json({ status: 'ok' });
  });
}
