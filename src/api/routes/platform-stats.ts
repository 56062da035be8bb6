import type { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.js';
import { platformStats } from '../../confirm/platform-stats.js';
import { isStaff, resolveCaller } from '../access.js';
import { fieldErrors, problems } from '../problem.js';

export const platformStatsQuerySchema = z.object({
  /** Only notices that reached the platform at or after this time. */
  since: z.iso.datetime({ offset: true }).optional(),
});

// Per-platform response figures for caseworkers: how fast each platform acknowledges and removes,
// and how often it removes or refuses.
export function registerPlatformStats(app: Hono, deps: AppDeps): void {
  app.get('/api/v1/stats/platforms', (c) => {
    const caller = resolveCaller(deps.database.db, c);
    if (caller.kind !== 'account') throw problems.unauthorized('Platform figures take a caseworker key.');
    if (!isStaff(caller)) throw problems.forbidden('Platform figures are for caseworkers.');
    const parsed = platformStatsQuerySchema.safeParse(c.req.query());
    if (!parsed.success) throw problems.validation(fieldErrors(parsed.error));
    const since = parsed.data.since ? Date.parse(parsed.data.since) : undefined;
    c.header('cache-control', 'no-store');
    return c.json({
      since: since === undefined ? null : new Date(since).toISOString(),
      generatedAt: new Date(deps.clock.now()).toISOString(),
      platforms: platformStats(deps.database, { since }).map((p) => ({ name: deps.registry.get(p.platform)?.name ?? p.platform, ...p })),
    });
  });
}
