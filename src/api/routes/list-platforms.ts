import type { Hono } from 'hono';
import type { AppDeps } from '../../app-deps.js';

export function registerListPlatforms(app: Hono, deps: AppDeps): void {
  app.get('/api/v1/platforms', (c) =>
    c.json(deps.registry.platforms.map((p) => ({ id: p.id, name: p.name, channel: p.channel, domains: p.domains }))),
  );
}
