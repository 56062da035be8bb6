import type { PlatformEntryInput } from '../platforms-file.js';

// OnlyFans. Content of someone posted without their consent is taken down through its takedown
// form; everything else through its support address.
export const onlyfans = {
  id: 'onlyfans',
  name: 'OnlyFans',
  domains: ['onlyfans.com'],
  channel: {
    type: 'manual',
    forms: [
      {
        name: 'OnlyFans: content takedown request',
        url: 'https://onlyfans.com/dmca',
        categories: ['intimate_image', 'sextortion', 'hidden_camera'],
        checklist: [
          'whether you are the person shown, or act for them',
          'the link to each post and the creator’s profile',
          'the prepared explanation (shared without consent)',
          'name, contact e-mail and signature',
        ],
        verified: false,
      },
      {
        name: 'OnlyFans support (by e-mail)',
        url: null,
        checklist: [
          'e-mail the prepared text to support@onlyfans.com',
          'the link to each post and the creator’s profile',
          'for child sexual abuse: never the reporter’s identity; the national hotline receives this report too',
        ],
        verified: false,
        note: 'support@onlyfans.com is given by victim-support guides; not checked against OnlyFans’ own pages.',
      },
    ],
  },
  responseHours: { acknowledge: 48, remove: 120 },
  verified: false,
} satisfies PlatformEntryInput;
