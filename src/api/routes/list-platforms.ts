import type { Hono } from 'hono';
import { DEFAULT_RESPONSE_HOURS } from '../../../platforms/types.js';
import type { AppDeps } from '../../app-deps.js';

export function registerListPlatforms(app: Hono, deps: AppDeps): void {
  app.get('/api/v1/platforms', (c) =>
    c.json(
      deps.registry.platforms.map((p) => ({
        id: p.id,
        name: p.name,
        channel: p.channel,
        domains: p.domains,
        // Additive: the expected response clock and how sure we are of the route.
        responseHours: p.responseHours ?? DEFAULT_RESPONSE_HOURS,
        ...(p.categories ? { categories: p.categories } : {}),
        ...(p.verified !== undefined ? { verified: p.verified } : {}),
      })),
    ),
  );
}
