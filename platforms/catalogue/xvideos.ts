import type { PlatformEntryInput } from '../platforms-file.js';

// XVideos. It has a content removal procedure linked from every page; its exact address is not
// known here, so the task says how to find it.
export const xvideos = {
  id: 'xvideos',
  name: 'XVideos',
  domains: ['xvideos.com', 'xvideos.red', 'xvideos-cdn.com'],
  channel: {
    type: 'manual',
    forms: [
      {
        name: 'XVideos: content removal (link at the bottom of every page)',
        url: null,
        checklist: [
          'open xvideos.com and follow the content removal / abuse link at the bottom of the page',
          'the link to each video',
          'the reason: non-consensual content, a minor shown, privacy',
          'the prepared explanation',
          'a contact e-mail (the service’s for child sexual abuse)',
        ],
        verified: false,
      },
    ],
  },
  responseHours: { acknowledge: 72, remove: 168 },
  verified: false,
  note: 'No checked form address; a caseworker who finds it should add it here or in PLATFORMS_FILE.',
} satisfies PlatformEntryInput;
