import type { PlatformEntryInput } from '../platforms-file.js';

// Snapchat. Public Stories and Spotlight have web links; Snaps in chats can only be reported from
// the app by someone who received them.
export const snapchat = {
  id: 'snapchat',
  name: 'Snapchat',
  domains: ['snapchat.com', 'snap.com', 'sc-cdn.net'],
  channel: {
    type: 'manual',
    forms: [
      {
        name: 'Snapchat Support: report a safety concern',
        url: 'https://help.snapchat.com/hc/en-us/requests/new',
        checklist: [
          'the topic: report a safety concern',
          'the username of the account (and the links to public Stories or Spotlight)',
          'what kind of harm: nudity or sexual content, a child involved, harassment',
          'the prepared explanation',
          'a contact e-mail (the service’s for child sexual abuse)',
        ],
        verified: false,
      },
    ],
  },
  responseHours: { acknowledge: 24, remove: 48 },
  verified: false,
} satisfies PlatformEntryInput;
