import type { Category } from './types.js';

// Programmes a person can use on their own device: the image is turned into a hash (a
// fingerprint) on the phone or computer, only the hash is shared, and participating platforms
// block matching uploads. The image itself never leaves the device, and never reaches us.
// Shown on the status page for intimate-image cases; kept here as data a caseworker can correct.

export interface HashMatchingProgramme {
  id: 'stopncii' | 'take_it_down';
  name: string;
  url: string;
  /** Who it is for: images taken when the person was an adult, or when they were under 18. */
  imagesTakenAs: 'adult' | 'minor';
  description: string;
}

const stopNcii: HashMatchingProgramme = {
  id: 'stopncii',
  name: 'StopNCII.org',
  url: 'https://stopncii.org/',
  imagesTakenAs: 'adult',
  description:
    'For intimate images of you taken when you were 18 or older: create hashes on your own device so participating platforms can block the images.',
};

const takeItDown: HashMatchingProgramme = {
  id: 'take_it_down',
  name: 'Take It Down (NCMEC)',
  url: 'https://takeitdown.ncmec.org/',
  imagesTakenAs: 'minor',
  description:
    'For nude or sexual images of you taken when you were under 18: create hashes on your own device so participating platforms can find and remove them.',
};

const intimateCategories: readonly Category[] = ['intimate_image', 'sextortion', 'hidden_camera'];

export function hashMatchingProgrammes(request: { category: Category; minorInvolved: boolean }): HashMatchingProgramme[] {
  if (!intimateCategories.includes(request.category)) return [];
  // When a minor is involved only Take It Down fits; otherwise the person may not have said when
  // the images were taken, so both are offered, each saying whom it is for.
  return request.minorInvolved ? [takeItDown] : [stopNcii, takeItDown];
}
