import type { PlatformEntryInput } from '../platforms-file.js';

// Microsoft: OneDrive (and SharePoint-hosted personal sites), Bing and Xbox content. Microsoft's
// "Report a concern" pages have a dedicated form for non-consensual intimate imagery.
export const microsoft = {
  id: 'microsoft',
  name: 'Microsoft (OneDrive, Bing)',
  domains: [
    'onedrive.live.com',
    'onedrive.com',
    '1drv.ms',
    '1drv.com',
    'storage.live.com',
    'livefilestore.com',
    'sharepoint.com',
    'bing.com',
  ],
  channel: {
    type: 'manual',
    forms: [
      {
        name: 'Microsoft: report non-consensual intimate imagery',
        url: 'https://www.microsoft.com/en-us/concern/revengeporn',
        categories: ['intimate_image', 'sextortion', 'hidden_camera'],
        checklist: [
          'whether you are the person shown, or act for them',
          'confirmation that you did not consent to the sharing',
          'the service (OneDrive, Bing, Xbox) and the link to each item (1drv.ms links included)',
          'the prepared explanation',
          'name, contact e-mail and country',
        ],
        verified: false,
      },
      {
        name: 'Microsoft: report a concern (child sexual exploitation, privacy, other)',
        url: 'https://www.microsoft.com/en-us/concern',
        checklist: [
          'the kind of concern: child sexual exploitation and abuse, privacy, harassment',
          'the service and the link to each item',
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
