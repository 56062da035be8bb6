import type { PlatformEntryInput } from '../platforms-file.js';
import { metaChildSafetyForm, metaIntimateImageForm, metaPrivacyForm } from './meta-forms.js';

// Threads (Meta) runs on Instagram accounts; its reports go through Meta's forms.
export const threads = {
  id: 'threads',
  name: 'Threads',
  domains: ['threads.net', 'threads.com'],
  channel: { type: 'manual', forms: [metaIntimateImageForm, metaChildSafetyForm, metaPrivacyForm] },
  responseHours: { acknowledge: 24, remove: 48 },
  verified: false,
} satisfies PlatformEntryInput;
