import type { PlatformRegistry } from '../../platforms/registry.js';
import { HOST_PREFIX } from '../../platforms/host.js';
import type { RoutingPreview } from '../intake/bulk-schema.js';
import { groupByPlatform, type UrlRouter } from './route-urls.js';

// How links will be routed, computed exactly as intake will route them, without storing anything.
export function previewRouting(deps: { router: UrlRouter; registry: PlatformRegistry }, urls: string[]): RoutingPreview['groups'] {
  return groupByPlatform(urls.map((u) => deps.router(new URL(u)))).map((g) => {
    const adapter = deps.registry.get(g.platformId);
    const channel = adapter?.channel ?? 'manual';
    return {
      platform: g.platformId,
      platformName: adapter?.name ?? g.platformId,
      channel,
      handling: g.platformId.startsWith(HOST_PREFIX)
        ? ('hosting_provider' as const)
        : channel === 'manual'
          ? ('manual_web_form' as const)
          : ('sent_automatically' as const),
      urls: g.urls.map((u) => u.url),
    };
  });
}
