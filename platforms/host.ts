import { createManualAdapter } from './channels/manual.js';
import type { PlatformAdapter } from './types.js';

// A URL no platform claims goes to whoever hosts its registrable domain. Until an abuse contact
// is found for it, the work is a manual task: nothing is dropped.
export const HOST_PREFIX = 'host:';

export function hostPlatformId(registrableDomain: string): string {
  return `${HOST_PREFIX}${registrableDomain}`;
}

export function createHostAdapter(platformId: string): PlatformAdapter {
  const domain = platformId.slice(HOST_PREFIX.length);
  return createManualAdapter({
    id: platformId,
    name: `Hosting provider of ${domain}`,
    domains: [domain],
    formUrl: null,
    checklist: [
      "find the hosting provider's abuse contact (RDAP / whois of the domain and its IP addresses)",
      'send the prepared text to that contact',
      'record the ticket number or the answer',
    ],
  });
}
