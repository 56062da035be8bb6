import { parse } from 'tldts';
import { normalHost } from '../../platforms/host-name.js';
import { hostPlatformId } from '../../platforms/host.js';
import type { PlatformAdapter } from '../../platforms/types.js';

export interface RoutedUrl {
  url: string;
  host: string;
  platformId: string;
}

export interface RouteGroup {
  platformId: string;
  urls: RoutedUrl[];
}

export type UrlRouter = (url: URL) => RoutedUrl;

// A URL belongs to the platform whose domain is its host or the nearest parent of it, so the most
// specific configured domain wins (a platform claiming `cdn.example.com` beats one claiming
// `example.com`). Nobody's: the hosting route of its registrable domain (public-suffix list,
// ICANN section, so the domain is one a registry knows and RDAP can answer for).
export function createUrlRouter(platforms: readonly PlatformAdapter[]): UrlRouter {
  const byDomain = new Map<string, string>();
  for (const p of platforms) for (const d of p.domains) byDomain.set(d.toLowerCase(), p.id);
  return (url) => {
    const host = normalHost(url.hostname);
    for (let h: string | null = host; h; h = parentOf(h)) {
      const id = byDomain.get(h);
      if (id) return { url: url.href, host, platformId: id };
    }
    const parsed = parse(host, { allowPrivateDomains: false });
    const owner = parsed.isIp ? host : (parsed.domain ?? host);
    return { url: url.href, host, platformId: hostPlatformId(owner) };
  };
}

function parentOf(host: string): string | null {
  const dot = host.indexOf('.');
  return dot === -1 ? null : host.slice(dot + 1);
}

// One group per platform, in the order the platforms first appear in the request.
export function groupByPlatform(routed: RoutedUrl[]): RouteGroup[] {
  const groups = new Map<string, RouteGroup>();
  for (const r of routed) {
    let g = groups.get(r.platformId);
    if (!g) {
      g = { platformId: r.platformId, urls: [] };
      groups.set(r.platformId, g);
    }
    g.urls.push(r);
  }
  return [...groups.values()];
}
