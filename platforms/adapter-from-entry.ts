import { createEmailAdapter } from './channels/email.js';
import { createHttpAdapter } from './channels/http.js';
import { createManualAdapter } from './channels/manual.js';
import type { PlatformEntry } from './platforms-file.js';
import type { Mailer, PlatformAdapter } from './types.js';

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
