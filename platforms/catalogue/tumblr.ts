import type { PlatformEntryInput } from '../platforms-file.js';

// Tumblr (Automattic). One abuse form with a section per kind of harm.
export const tumblr = {
  id: 'tumblr',
  name: 'Tumblr',
  domains: ['tumblr.com', 'tmblr.co'],
  channel: {
    type: 'manual',
    forms: [
      {
        name: 'Tumblr: report abuse',
        url: 'https://www.tumblr.com/abuse',
        checklist: [
          'the kind of abuse: non-consensual intimate content, minor safety, harassment, privacy',
          'the link to each post (and media links on media.tumblr.com)',
          'the blog name',
          'the prepared explanation',
          'a contact e-mail (the service’s for child sexual abuse)',
        ],
        verified: false,
      },
    ],
  },
  responseHours: { acknowledge: 48, remove: 96 },
  verified: false,
} satisfies PlatformEntryInput;
