import type { PlatformEntryInput } from '../platforms-file.js';
import { metaChildSafetyForm, metaIntimateImageForm, metaPrivacyForm } from './meta-forms.js';

// Instagram (Meta) takes the same Help Centre forms as Facebook.
export const instagram = {
  id: 'instagram',
  name: 'Instagram',
  domains: ['instagram.com', 'instagr.am', 'ig.me', 'cdninstagram.com'],
  channel: { type: 'manual', forms: [metaIntimateImageForm, metaChildSafetyForm, metaPrivacyForm] },
  responseHours: { acknowledge: 24, remove: 48 },
  verified: false,
} satisfies PlatformEntryInput;
