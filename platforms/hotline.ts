import { createEmailAdapter } from './channels/email.js';
import { createHttpAdapter } from './channels/http.js';
import { createManualAdapter } from './channels/manual.js';
import type { AdapterDeps } from './adapter-from-entry.js';
import type { Locale, PlatformAdapter, ResponseHours } from './types.js';

// Child sexual abuse material is also reported to the national hotline (in Belgium Child Focus,
// stopchildporno.be; elsewhere the INHOPE member), which works with the police and with hotlines
// where the content is hosted. It is one extra submission per request, beside the platforms.
// The hotline never learns who the reporter is: the notice goes out as the service's own.

export const HOTLINE_ID = 'hotline';

export interface HotlineConfig {
  /** An endpoint speaking the `http` channel's wire format. */
  url?: string;
  token?: string;
  /** The hotline's reporting address, when it takes reports by e-mail. */
  email?: string;
  name?: string;
  /** The language the hotline reads; the reporter's own when absent. */
  language?: Locale;
}

const responseHours: ResponseHours = { acknowledge: 24, remove: 72 };

const DEFAULT_NAME = 'Child Focus (stopchildporno.be)';

export function createHotlineAdapter(config: HotlineConfig, deps: AdapterDeps): PlatformAdapter {
  const name = config.name ?? DEFAULT_NAME;
  const base = { id: HOTLINE_ID, name, domains: [] as string[], responseHours, categories: ['child_sexual_abuse'] as const };
  let inner: PlatformAdapter;
  if (config.url) {
    inner = createHttpAdapter({ ...base, channel: { type: 'http', url: config.url, token: config.token }, now: deps.now });
  } else if (config.email) {
    inner = createEmailAdapter({
      ...base,
      channel: { type: 'email', to: [config.email], language: config.language },
      mailer: deps.mailer,
    });
  } else {
    inner = createUnconfiguredHotline(name);
  }
  // Whatever the request says, nothing about the reporter reaches the hotline.
  return { ...inner, buildNotice: (input) => inner.buildNotice({ ...input, reporter: null }) };
}

function createUnconfiguredHotline(name: string): PlatformAdapter {
  return createManualAdapter({
    id: HOTLINE_ID,
    name,
    domains: [],
    responseHours,
    categories: ['child_sexual_abuse'],
    verified: false,
    note: 'No hotline destination is configured (HOTLINE_URL or HOTLINE_EMAIL), so this report must be filed by hand.',
    forms: [
      {
        name: 'Child Focus: report images of child sexual abuse (Belgian civil hotline)',
        url: 'https://www.stopchildporno.be/',
        checklist: [
          'no hotline destination is configured (HOTLINE_URL or HOTLINE_EMAIL): file this report by hand',
          'outside Belgium, use the national INHOPE member hotline instead (inhope.org lists them)',
          'the exact URLs, one per line; never open, download or attach the images',
          'where the material was found and what it shows (the explanation, without personal details)',
          "file anonymously or as the organisation: never the reporter's identity",
          "the hotline's reference number, if one is given",
        ],
        verified: false,
        note: 'stopchildporno.be is the reporting site of Child Focus; the exact form page was not checked.',
      },
    ],
  });
}
