import type { PlatformEntryInput } from '../platforms-file.js';

// Telegram publishes e-mail addresses for reports of illegal content: a general abuse address and
// a separate one for child abuse. Its moderators read English.
export const telegram = {
  id: 'telegram',
  name: 'Telegram',
  domains: ['telegram.org', 't.me', 'telegram.me', 'telesco.pe', 'telegra.ph'],
  channel: {
    type: 'email',
    to: 'abuse@telegram.org',
    routes: [{ categories: ['child_sexual_abuse'], to: 'stopCA@telegram.org' }],
    language: 'en',
  },
  responseHours: { acknowledge: 48, remove: 72 },
  verified: false,
  note: "Addresses as given in Telegram's FAQ (abuse@telegram.org; stopCA@telegram.org for child abuse); re-check there before relying on them. Telegram rarely answers: watch the links.",
} satisfies PlatformEntryInput;
