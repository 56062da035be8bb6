import type { PlatformEntryInput } from '../platforms-file.js';

// YouTube (Google). A privacy complaint process for people identifiable in a video; the legal
// removal forms for anything else; in-app reports for child safety.
export const youtube = {
  id: 'youtube',
  name: 'YouTube',
  domains: ['youtube.com', 'youtu.be', 'youtube-nocookie.com', 'ytimg.com', 'googlevideo.com'],
  channel: {
    type: 'manual',
    forms: [
      {
        name: 'YouTube: privacy complaint process',
        url: 'https://support.google.com/youtube/answer/142443',
        categories: ['intimate_image', 'sextortion', 'hidden_camera', 'child_photo_misuse', 'harassment'],
        checklist: [
          'who is identifiable: you, your child, or someone you legally represent',
          'the link to each video, and the time codes where the person appears',
          'what makes the person identifiable (face, name, voice)',
          'the prepared explanation',
          'a contact e-mail; keep the complaint reference',
        ],
        verified: false,
        note: 'YouTube gives the uploader 48 hours to act before it reviews the complaint itself.',
      },
      {
        name: 'In-app report: child safety',
        url: null,
        categories: ['child_sexual_abuse'],
        checklist: [
          'open each video, choose ⋯ → Report → Child abuse',
          'never share or download; the national hotline receives this report too',
        ],
      },
      {
        name: 'Google: legal removal request (YouTube)',
        url: 'https://support.google.com/legal/answer/3110420',
        checklist: [
          'the product: YouTube',
          'the legal reason (privacy, defamation, other)',
          'the link to each video',
          'the prepared explanation',
          'name, e-mail, country and signature of whoever files',
        ],
        verified: false,
      },
    ],
  },
  responseHours: { acknowledge: 24, remove: 72 },
  verified: false,
} satisfies PlatformEntryInput;
