import type { PlatformEntryInput } from '../platforms-file.js';

// TikTok. Web forms for people without an account; in-app reports otherwise.
export const tiktok = {
  id: 'tiktok',
  name: 'TikTok',
  domains: ['tiktok.com', 'tiktokcdn.com', 'tiktokcdn-eu.com', 'tiktokcdn-us.com', 'tiktokv.com'],
  channel: {
    type: 'manual',
    forms: [
      {
        name: 'TikTok: report a privacy violation',
        url: 'https://www.tiktok.com/legal/report/privacy',
        categories: ['intimate_image', 'sextortion', 'hidden_camera', 'child_photo_misuse'],
        checklist: [
          'your name, e-mail and country',
          'your relation to the person shown (yourself, your child, a represented person or the organisation)',
          'the links to each video or account (vm.tiktok.com short links are accepted)',
          'what the content shows and why it violates privacy (the prepared text; cite GDPR art. 17 for children)',
          'the signature (your full name) and the declaration',
        ],
        verified: false,
      },
      {
        name: 'In-app report (child safety, harassment, other)',
        url: null,
        checklist: [
          'open each link in the app, press and hold (or Share), then Report',
          'choose the reason that fits (Minor safety for anything involving a child)',
          'for child sexual abuse: never share or download; the national hotline receives this report too',
        ],
      },
    ],
  },
  responseHours: { acknowledge: 24, remove: 48 },
  verified: false,
} satisfies PlatformEntryInput;
