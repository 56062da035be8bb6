import type { PlatformEntryInput } from '../platforms-file.js';

// Twitch. Reports are made from the channel, video or clip ("Report"); there is no public web
// form for people without an account.
export const twitch = {
  id: 'twitch',
  name: 'Twitch',
  domains: ['twitch.tv', 'jtvnw.net', 'ttvnw.net'],
  channel: {
    type: 'manual',
    forms: [
      {
        name: 'In-app report (channel, video or clip)',
        url: null,
        checklist: [
          'signed in, open each link and choose ⋮ → Report',
          'the reason: sexual content, child safety, harassment, or privacy',
          'the time code in a video where it appears',
          'the prepared explanation in the description box',
        ],
        note: 'No public web form is known; a Twitch account is needed to report.',
      },
    ],
  },
  responseHours: { acknowledge: 24, remove: 72 },
  verified: false,
} satisfies PlatformEntryInput;
