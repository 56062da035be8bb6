import type { PlatformEntryInput } from '../platforms-file.js';
import { metaChildSafetyForm, metaIntimateImageForm, metaPrivacyForm } from './meta-forms.js';

// Facebook and Messenger (Meta). Web forms only; no notice address is published for this use.
export const facebook = {
  id: 'facebook',
  name: 'Facebook',
  domains: ['facebook.com', 'fb.com', 'fb.me', 'fb.watch', 'fbcdn.net', 'fbsbx.com', 'messenger.com', 'm.me'],
  channel: { type: 'manual', forms: [metaIntimateImageForm, metaChildSafetyForm, metaPrivacyForm] },
  responseHours: { acknowledge: 24, remove: 48 },
  verified: false,
} satisfies PlatformEntryInput;
