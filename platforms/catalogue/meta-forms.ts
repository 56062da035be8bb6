import type { ManualForm } from '../channels/manual.js';

// Meta's Help Centre forms serve Facebook, Instagram, Threads and Messenger alike. They are
// shared here so a correction reaches every Meta platform at once. Addresses are from public
// victim-support guides and have not been checked against Meta's own pages.

export const metaIntimateImageForm: ManualForm = {
  name: 'Meta: report intimate images shared without consent',
  url: 'https://www.facebook.com/help/contact/634636250523119',
  categories: ['intimate_image', 'sextortion', 'hidden_camera'],
  checklist: [
    'whether you are the person shown, or act for them',
    'the links to each image or video, and to the account sharing them',
    'what happened (the prepared explanation)',
    'a contact e-mail for the answer',
    'send, and note the confirmation or ticket shown',
  ],
  verified: false,
};

export const metaPrivacyForm: ManualForm = {
  name: 'Meta: report a photo or video that violates your privacy',
  url: 'https://www.facebook.com/help/contact/567360146613371',
  categories: ['child_photo_misuse', 'harassment', 'other'],
  checklist: [
    'the country you live in (privacy law applies: cite GDPR art. 17 erasure)',
    'who is shown: you, your child, or someone you legally represent (an organisation acts for the parents)',
    'the links to each photo or video',
    'why it violates privacy (the prepared text)',
    'the full name and contact e-mail of whoever files',
    'send, and note the confirmation shown',
  ],
  verified: false,
  note: 'Meta removes for privacy only where the law of the country requires it; the GDPR does.',
};

export const metaChildSafetyForm: ManualForm = {
  name: 'In-app report: child sexual exploitation',
  url: null,
  categories: ['child_sexual_abuse'],
  checklist: [
    'open each link in the app or on the site and choose Report',
    'pick "Nudity or sexual activity", then "Involves a child"',
    'never share, screenshot or download the content',
    'the national hotline receives this report too',
  ],
  note: 'Meta has no public web form for child sexual abuse material; reports go through the Report link.',
};
