import type { PlatformEntryInput } from '../platforms-file.js';

// Discord. The Trust & Safety request form takes message links and attachment (CDN) links.
export const discord = {
  id: 'discord',
  name: 'Discord',
  domains: ['discord.com', 'discord.gg', 'discordapp.com', 'discordapp.net'],
  channel: {
    type: 'manual',
    forms: [
      {
        name: 'Discord Trust & Safety: submit a report',
        url: 'https://dis.gd/request',
        checklist: [
          'a contact e-mail (the service’s for child sexual abuse)',
          'the report type: Trust & Safety',
          'the kind of harm: non-consensual intimate media, child safety, harassment',
          'the message links (and cdn.discordapp.com attachment links), the server invite and the user ID',
          'the prepared explanation',
        ],
        verified: false,
      },
    ],
  },
  responseHours: { acknowledge: 24, remove: 72 },
  verified: false,
} satisfies PlatformEntryInput;
