import type { FieldError } from '../../api/problem.js';
import { linkRefusal, MAX_URLS_WITH_KEY } from '../../intake/request-schema.js';
import type { AdminUi } from '../admin/frame.js';

// The filing's checks speak the API's English (JSON pointers and zod's messages); an organisation
// reads them in its page's language.

/** Why one pasted link was refused. */
export function linkRefusalWords(ui: AdminUi, message: string): string {
  return ui.t(`org.link.${linkRefusal(message)}`);
}

/** What is wrong with the filing as a whole; `linkCount` is how many valid links it had. */
export function filingErrorWords(ui: AdminUi, errors: FieldError[], linkCount: number): string[] {
  const words = errors.map((error) => {
    const field = error.path.split('/')[1] ?? '';
    switch (field) {
      case 'category':
        return ui.t('org.error.category');
      case 'explanation':
        return ui.t('org.error.explanation');
      case 'goodFaith':
        return ui.t('org.error.goodFaith');
      case 'links':
      case 'urls':
        return error.message.startsWith('at most')
          ? ui.t('org.error.tooMany', { max: MAX_URLS_WITH_KEY, count: linkCount })
          : ui.t('org.error.noLinks');
      default:
        return ui.t('org.error.other', { field: field || error.path });
    }
  });
  return [...new Set(words)];
}
