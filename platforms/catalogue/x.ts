import type { PlatformEntryInput } from '../platforms-file.js';

// X (formerly Twitter). Web forms per kind of harm; no account needed for most.
// fxtwitter/vxtwitter/fixupx are third-party embed proxies for X posts: the content lives on X,
// so X is the place to report it (the links are the X post links with another host).
export const x = {
  id: 'x',
  name: 'X (Twitter)',
  domains: ['x.com', 'twitter.com', 't.co', 'twimg.com', 'fxtwitter.com', 'vxtwitter.com', 'fixupx.com'],
  channel: {
    type: 'manual',
    forms: [
      {
        name: 'X: report private information or intimate media shared without consent',
        url: 'https://help.x.com/en/forms/safety-and-sensitive-content/private-information',
        categories: ['intimate_image', 'sextortion', 'hidden_camera', 'child_photo_misuse'],
        checklist: [
          'what is shared: intimate photos or videos, or private information',
          'whether you are the person shown, or act for them (parent, the organisation)',
          'the link to each post and the @handle of the account',
          'the prepared explanation',
          'a contact e-mail (and your @handle, if any)',
        ],
        verified: false,
      },
      {
        name: 'X: report child sexual exploitation',
        url: 'https://help.x.com/en/forms/safety-and-sensitive-content/cse',
        categories: ['child_sexual_abuse'],
        checklist: [
          'the link to each post and the @handle of the account',
          'a short description without personal details of the reporter',
          'the contact e-mail of the service, never the reporter’s',
        ],
        verified: false,
      },
      {
        name: 'X: report abusive behaviour',
        url: 'https://help.x.com/en/forms/safety-and-sensitive-content/abuse',
        checklist: [
          'who is targeted: you or someone else',
          'the link to each post and the @handle of the account',
          'the prepared explanation',
          'a contact e-mail',
        ],
        verified: false,
      },
    ],
  },
  responseHours: { acknowledge: 48, remove: 120 },
  verified: false,
} satisfies PlatformEntryInput;
