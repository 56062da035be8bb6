import type { PlatformEntryInput } from '../platforms-file.js';

// Dropbox. Shared links are reported with the "Report an issue" form of the link's page or the
// abuse form the Help Centre points to.
export const dropbox = {
  id: 'dropbox',
  name: 'Dropbox',
  domains: ['dropbox.com', 'db.tt', 'dropboxusercontent.com'],
  channel: {
    type: 'manual',
    forms: [
      {
        name: 'Dropbox: report an Acceptable Use Policy violation',
        url: 'https://help.dropbox.com/account-settings/report-abuse',
        checklist: [
          'open the shared link, click the help icon (?) and choose "Report an issue", or use the form linked from this page',
          'the kind of violation: sexual content without consent, child sexual abuse material, harassment',
          'the complete shared link, including its rlkey/dl parameters: without them Dropbox cannot open a shared folder',
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
