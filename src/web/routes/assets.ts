import type { Hono } from 'hono';
import { siteAssets } from '../assets.js';

// The stylesheet and the script, under content-hashed names: cached for a year, never stale.
export function registerAssets(web: Hono): void {
  const byPath = new Map(Object.values(siteAssets()).map((a) => [a.path, a]));
  web.get('/assets/:file', (c) => {
    const asset = byPath.get(c.req.path);
    if (!asset) return c.notFound();
    return c.body(asset.body, 200, {
      'content-type': asset.contentType,
      'cache-control': 'public, max-age=31536000, immutable',
      'x-content-type-options': 'nosniff',
    });
  });
}
