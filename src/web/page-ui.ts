import type { Locale } from '../../platforms/types.js';
import type { Translate } from './i18n.js';

/** What every page and component needs to speak the reader's language. */
export interface PageUi {
  locale: Locale;
  t: Translate;
  /** Where the quick-exit button leaves to. */
  quickExitUrl: string;
}

/**
 * How the language switcher changes language without losing anything:
 * - `links`: a page reached by GET is simply asked for again in another language;
 * - `repost`: a page made from a post (a status page, a confirmation) is posted again with the
 *   same fields, so it comes back in the other language instead of being lost;
 * - `form`: the report form is submitted as it stands, to be shown again with every answer kept.
 */
export type LanguageSwitch =
  | { kind: 'links'; path: string }
  | { kind: 'repost'; action: string; fields: Record<string, string> }
  | {
      kind: 'form';
      formId: string;
      action: string;
      /** What the form's own send button says; Enter in a field must send, not switch. */
      submitLabel: string;
    };
