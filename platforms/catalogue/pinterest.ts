import type { PlatformEntryInput } from '../platforms-file.js';

// Pinterest. Pins are reported in the app or through the Help Centre contact form.
export const pinterest = {
  id: 'pinterest',
  name: 'Pinterest',
  domains: ['pinterest.com', 'pin.it', 'pinimg.com', 'pinterest.fr', 'pinterest.de', 'pinterest.co.uk'],
  channel: {
    type: 'manual',
    forms: [
      {
        name: 'Pinterest Help Centre: contact (report a privacy or safety issue)',
        url: 'https://help.pinterest.com/en/contact',
        checklist: [
          'the topic: privacy or safety',
          'the link to each Pin (pin.it short links are accepted) and the profile',
          'whether you are the person shown, or act for them',
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
