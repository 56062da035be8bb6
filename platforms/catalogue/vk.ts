import type { PlatformEntryInput } from '../platforms-file.js';

// VK (VKontakte). Reports go through its support requests or the Report link under a post; both
// need an account. Support answers in Russian or English.
export const vk = {
  id: 'vk',
  name: 'VK',
  domains: ['vk.com', 'vk.ru', 'vk.me', 'vk.cc', 'vkontakte.ru', 'userapi.com', 'vkvideo.ru'],
  channel: {
    type: 'manual',
    forms: [
      {
        name: 'VK Support: new request',
        url: 'https://vk.com/support?act=new',
        checklist: [
          'signed in: describe the problem (illegal content: intimate images without consent, a child involved, harassment)',
          'the link to each post, photo or video (userapi.com image links included) and the page or community',
          'the prepared explanation, in English',
          'no reporter details for child sexual abuse: file from the service’s account',
        ],
        verified: false,
      },
    ],
  },
  responseHours: { acknowledge: 72, remove: 168 },
  verified: false,
  note: 'A VK account is needed to file; no public abuse address is known.',
} satisfies PlatformEntryInput;
