import type { PlatformEntryInput } from '../platforms-file.js';

// WhatsApp (Meta). Messages are end-to-end encrypted: WhatsApp can only review what a member of
// the chat reports from the app. Public links (channels, group invites) can be reported by anyone.
export const whatsapp = {
  id: 'whatsapp',
  name: 'WhatsApp',
  domains: ['whatsapp.com', 'whatsapp.net', 'wa.me'],
  channel: {
    type: 'manual',
    forms: [
      {
        name: 'WhatsApp: contact form (choose the safety topic)',
        url: 'https://www.whatsapp.com/contact/',
        checklist: [
          'a contact e-mail and the country',
          'the topic: a safety or abuse concern',
          'the channel or group invite links, and the phone number of the account sharing, if known',
          'the prepared explanation',
          'a member of the chat can also report from the app (long-press the message → Report): only that lets WhatsApp see the messages',
        ],
        verified: false,
      },
    ],
  },
  responseHours: { acknowledge: 48, remove: 72 },
  verified: false,
  note: 'Content in private chats is end-to-end encrypted; only reports from the app carry the messages themselves.',
} satisfies PlatformEntryInput;
