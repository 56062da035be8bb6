import { builtInPlatforms } from './catalogue/index.js';
import { adapterFromEntry, type AdapterDeps } from './adapter-from-entry.js';
import { createCloudflareAdapter } from './channels/cloudflare.js';
import { createHostAdapter, HOST_PREFIX, type HostRouteDeps } from './host.js';
import { createHotlineAdapter, HOTLINE_ID, type HotlineConfig } from './hotline.js';
import { readPlatformsFile } from './platforms-file.js';
import type { HostLookup } from './rdap/find-host-route.js';
import type { Mailer, PlatformAdapter } from './types.js';

export { adapterFromEntry, type AdapterDeps } from './adapter-from-entry.js';

export interface PlatformRegistry {
  /** Every configured platform (built-in and from PLATFORMS_FILE), without host routes. */
  readonly platforms: readonly PlatformAdapter[];
  /** A configured platform, the host route for a `host:<domain>` id, or the `hotline`. */
  get(id: string): PlatformAdapter | undefined;
}

// The hotline claims no domain; it is always there, as a manual task until one is configured.
// A platform with the id `hotline` (e.g. from PLATFORMS_FILE) takes its place.
export function createRegistry(
  platforms: PlatformAdapter[],
  options: { hotline?: PlatformAdapter; hostRoute?: HostRouteDeps } = {},
): PlatformRegistry {
  const byId = new Map<string, PlatformAdapter>();
  for (const p of platforms) byId.set(p.id, p); // later entries replace earlier ones with the same id
  const hosts = new Map<string, PlatformAdapter>();
  let hotline = options.hotline;
  return {
    platforms: [...byId.values()],
    get(id) {
      const found = byId.get(id);
      if (found) return found;
      if (id === HOTLINE_ID) {
        hotline ??= createHotlineAdapter({}, { now: Date.now, mailer: unusedMailer });
        return hotline;
      }
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

// The unconfigured hotline is a manual task: it never sends, so it needs no mailer.
const unusedMailer: Mailer = {
  from: 'takedown@localhost',
  send: () => Promise.reject(new Error('the manual hotline task does not send')),
};

export function loadRegistry(
  options: {
    platformsFile?: string;
    hotline?: HotlineConfig;
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
    hotline: createHotlineAdapter(options.hotline ?? {}, options),
    hostRoute: { lookup: options.hostLookup, mailer: options.mailer, cloudflare: [...all].reverse().find((p) => p.id === 'cloudflare') },
  });
}
