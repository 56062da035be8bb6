import { builtInPlatforms } from './catalogue/index.js';
import { createEmailAdapter } from './channels/email.js';
import { createHttpAdapter } from './channels/http.js';
import { createManualAdapter } from './channels/manual.js';
import { createHostAdapter, HOST_PREFIX } from './host.js';
import { createHotlineAdapter, HOTLINE_ID, type HotlineConfig } from './hotline.js';
import { readPlatformsFile, type PlatformEntry } from './platforms-file.js';
import type { Mailer, PlatformAdapter } from './types.js';

export interface PlatformRegistry {
  /** Every configured platform (built-in and from PLATFORMS_FILE), without host routes. */
  readonly platforms: readonly PlatformAdapter[];
  /** A configured platform, the host route for a `host:<domain>` id, or the `hotline`. */
  get(id: string): PlatformAdapter | undefined;
}

// What adapters are built with: the clock for Retry-After dates and the SMTP side for e-mail.
export interface AdapterDeps {
  now: () => number;
  mailer: Mailer;
}

export function adapterFromEntry(entry: PlatformEntry, deps: AdapterDeps): PlatformAdapter {
  const base = {
    id: entry.id,
    name: entry.name,
    domains: entry.domains,
    webhookSecret: entry.webhookSecret,
    responseHours: entry.responseHours,
    categories: entry.categories,
    verified: entry.verified,
    note: entry.note,
  };
  switch (entry.channel.type) {
    case 'http':
      return createHttpAdapter({ ...base, channel: entry.channel, now: deps.now });
    case 'email':
      return createEmailAdapter({ ...base, channel: entry.channel, mailer: deps.mailer });
    case 'manual':
      return createManualAdapter({
        ...base,
        formUrl: entry.channel.formUrl,
        checklist: entry.channel.checklist,
        forms: entry.channel.forms,
      });
  }
}

// The hotline claims no domain; it is always there, as a manual task until one is configured.
// A platform with the id `hotline` (e.g. from PLATFORMS_FILE) takes its place.
export function createRegistry(platforms: PlatformAdapter[], options: { hotline?: PlatformAdapter } = {}): PlatformRegistry {
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
        host = createHostAdapter(id);
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

export function loadRegistry(options: { platformsFile?: string; hotline?: HotlineConfig } & AdapterDeps): PlatformRegistry {
  const fromFile = options.platformsFile ? readPlatformsFile(options.platformsFile).map((e) => adapterFromEntry(e, options)) : [];
  return createRegistry([...builtInPlatforms(options), ...fromFile], {
    hotline: createHotlineAdapter(options.hotline ?? {}, options),
  });
}
