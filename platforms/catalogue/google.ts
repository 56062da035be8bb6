import type { PlatformEntryInput } from '../platforms-file.js';

// Google: search results, Drive, Photos, Sites, Blogger and images served from its content hosts.
// Removing a search result does not remove the content where it is hosted: that goes to the host.
export const google = {
  id: 'google',
  name: 'Google (Search, Drive, Photos, Blogger)',
  domains: [
    'google.com',
    'google.be',
    'google.fr',
    'google.nl',
    'google.de',
    'google.lu',
    'google.co.uk',
    'goo.gl',
    'googleusercontent.com',
    'ggpht.com',
    'blogger.com',
    'blogspot.com',
  ],
  channel: {
    type: 'manual',
    forms: [
      {
        name: 'Google: remove non-consensual explicit or intimate personal images',
        url: 'https://support.google.com/websearch/answer/6302812',
        categories: ['intimate_image', 'sextortion', 'hidden_camera'],
        checklist: [
          'whether you are the person shown or act for them',
          'confirmation that the images were shared without consent',
          'the links to the pages and to the images in the search results',
          'the search terms that bring them up',
          'a contact e-mail',
        ],
        verified: false,
      },
      {
        name: 'Google Search: remove images of minors',
        url: 'https://support.google.com/websearch/answer/10949130',
        categories: ['child_photo_misuse'],
        checklist: [
          'the minor shown and your relation to them (parent, guardian or the organisation acting for them)',
          'the image links and the pages they are on',
          'the search terms that bring them up',
          'a contact e-mail',
        ],
        verified: false,
      },
      {
        name: 'Google: report content for legal reasons (Drive, Photos, Blogger, Sites, child sexual abuse imagery)',
        url: 'https://support.google.com/legal/troubleshooter/1114905',
        checklist: [
          'the Google product where the content is (Drive, Photos, Blogger, Sites, Search)',
          'the legal reason (child sexual abuse imagery, privacy, other)',
          'the link to each item',
          'the prepared explanation',
          'name, e-mail and country of whoever files (never the reporter for child sexual abuse)',
        ],
        verified: false,
      },
    ],
  },
  responseHours: { acknowledge: 48, remove: 168 },
  verified: false,
} satisfies PlatformEntryInput;
