import { builtInPlatforms } from './catalogue/index.js';
import { createEmailAdapter } from './channels/email.js';
import { createHttpAdapter } from './channels/http.js';
import { createManualAdapter } from './channels/manual.js';
import { createCloudflareAdapter } from './channels/cloudflare.js';
import { createHostAdapter, HOST_PREFIX, type HostRouteDeps } from './host.js';
import type { HostLookup } from './rdap/find-host-route.js';
import { readPlatformsFile, type PlatformEntry } from './platforms-file.js';
import type { Mailer, PlatformAdapter } from './types.js';

export interface PlatformRegistry {
  /** Every configured platform (built-in and from PLATFORMS_FILE), without host routes. */
  readonly platforms: readonly PlatformAdapter[];
  /** A configured platform, or the host route for a `host:<domain>` id. */
  get(id: string): PlatformAdapter | undefined;
}

// What adapters are built with: the clock for Retry-After dates and the SMTP side for e-mail.
export interface AdapterDeps {
  now: () => number;
  mailer: Mailer;
}

export function adapterFromEntry(entry: PlatformEntry, deps: AdapterDeps): PlatformAdapter {
  const base = { id: entry.id, name: entry.name, domains: entry.domains, webhookSecret: entry.webhookSecret };
  switch (entry.channel.type) {
    case 'http':
      return createHttpAdapter({ ...base, channel: entry.channel, now: deps.now });
    case 'email':
      return createEmailAdapter({ ...base, channel: entry.channel, mailer: deps.mailer });
    case 'manual':
      return createManualAdapter({ ...base, formUrl: entry.channel.formUrl, checklist: entry.channel.checklist });
  }
}

export function createRegistry(platforms: PlatformAdapter[], options: { hostRoute?: HostRouteDeps } = {}): PlatformRegistry {
  const byId = new Map<string, PlatformAdapter>();
  for (const p of platforms) byId.set(p.id, p); // later entries replace earlier ones with the same id
  const hosts = new Map<string, PlatformAdapter>();
  return {
    platforms: [...byId.values()],
    get(id) {
      const found = byId.get(id);
      if (found) return found;
      if (!id.startsWith(HOST_PREFIX) || id.length === HOST_PREFIX.length) return undefined;
      let host = hosts.get(id);
      if (!host) {
        host = createHostAdapter(id, options.hostRoute);
        hosts.set(id, host);
      }
      return host;
    },
  };
}

export function loadRegistry(
  options: {
    platformsFile?: string;
    /** RDAP look-ups for the host route; without them, host submissions become manual work. */
    hostLookup?: HostLookup;
    cloudflare?: { accountId?: string; apiToken?: string };
  } & AdapterDeps,
): PlatformRegistry {
  const fromFile = options.platformsFile ? readPlatformsFile(options.platformsFile).map((e) => adapterFromEntry(e, options)) : [];
  // Cloudflare comes first so that the catalogue or PLATFORMS_FILE can replace it.
  const cloudflare = createCloudflareAdapter({
    accountId: options.cloudflare?.accountId,
    apiToken: options.cloudflare?.apiToken,
    identity: { name: 'Takedown removal-request service', email: options.mailer.from },
    now: options.now,
  });
  const all = [cloudflare, ...builtInPlatforms(options), ...fromFile];
  return createRegistry(all, {
    hostRoute: { lookup: options.hostLookup, mailer: options.mailer, cloudflare: [...all].reverse().find((p) => p.id === 'cloudflare') },
  });
}
