import type { PlatformEntryInput } from '../platforms-file.js';

// Reddit. Its report form works without an account and has a reason for each kind of harm.
export const reddit = {
  id: 'reddit',
  name: 'Reddit',
  domains: ['reddit.com', 'redd.it', 'redditmedia.com', 'redditstatic.com', 'reddituploads.com'],
  channel: {
    type: 'manual',
    forms: [
      {
        name: 'Reddit: report form',
        url: 'https://www.reddit.com/report',
        checklist: [
          'the reason: non-consensual intimate media, sexualisation of minors, harassment, or personal information',
          'whether you are the person shown, or act for them',
          'the link to each post, comment or image (i.redd.it and v.redd.it links included)',
          'the prepared explanation',
          'a contact e-mail (the service’s for child sexual abuse)',
        ],
        verified: false,
      },
    ],
  },
  responseHours: { acknowledge: 24, remove: 72 },
  verified: false,
} satisfies PlatformEntryInput;
