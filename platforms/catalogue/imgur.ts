import type { PlatformEntryInput } from '../platforms-file.js';

// Imgur (MediaLab). A removal request form; Imgur also reads an abuse address, which is not yet
// checked, so the form stays the route until someone confirms it (then: channel "email" through
// PLATFORMS_FILE).
export const imgur = {
  id: 'imgur',
  name: 'Imgur',
  domains: ['imgur.com', 'imgur.io'],
  channel: {
    type: 'manual',
    forms: [
      {
        name: 'Imgur: removal request',
        url: 'https://imgur.com/removalrequest',
        checklist: [
          'the reason: non-consensual intimate imagery, child safety, privacy, harassment',
          'the link to each image (i.imgur.com direct links included) or post',
          'the prepared explanation',
          'a contact e-mail (the service’s for child sexual abuse)',
        ],
        verified: false,
      },
    ],
  },
  responseHours: { acknowledge: 48, remove: 96 },
  verified: false,
  note: 'abuse@imgur.com appears in third-party guides; not checked against Imgur’s own pages.',
} satisfies PlatformEntryInput;
