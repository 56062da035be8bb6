import type { PlatformEntryInput } from '../platforms-file.js';

// Pornhub (Aylo). One content removal form triages every reason; no account is needed.
export const pornhub = {
  id: 'pornhub',
  name: 'Pornhub',
  domains: ['pornhub.com', 'pornhub.org', 'pornhubpremium.com', 'phncdn.com'],
  channel: {
    type: 'manual',
    forms: [
      {
        name: 'Aylo: content removal request',
        url: 'https://www.aylo.com/removal',
        checklist: [
          'the reason: non-consensual content, a minor shown, privacy',
          'the link to each video or photo',
          'whether you are the person shown, or act for them',
          'the prepared explanation',
          'name and contact e-mail (the service’s for child sexual abuse); keep the case number',
        ],
        verified: false,
        note: 'The older address www.pornhub.com/content-removal may still lead to the same form.',
      },
    ],
  },
  responseHours: { acknowledge: 48, remove: 168 },
  verified: false,
} satisfies PlatformEntryInput;
