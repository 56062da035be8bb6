import type { PlatformEntryInput } from '../platforms-file.js';

// Flickr (SmugMug).
export const flickr = {
  id: 'flickr',
  name: 'Flickr',
  domains: ['flickr.com', 'flic.kr', 'staticflickr.com'],
  channel: {
    type: 'manual',
    forms: [
      {
        name: 'Flickr: report abuse',
        url: 'https://www.flickr.com/report_abuse.gne',
        checklist: [
          'the kind of abuse: inappropriate content, a child involved, harassment, privacy',
          'the link to each photo (flic.kr and live.staticflickr.com links included) and the account',
          'the prepared explanation',
          'a contact e-mail (the service’s for child sexual abuse)',
        ],
        verified: false,
      },
    ],
  },
  responseHours: { acknowledge: 48, remove: 120 },
  verified: false,
} satisfies PlatformEntryInput;
