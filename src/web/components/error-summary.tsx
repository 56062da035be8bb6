import type { PageUi } from '../page-ui.js';
import { fieldId } from './fields.js';

export interface FieldMessage {
  /** The form field's name; the summary links to its first input. */
  field: string;
  message: string;
}

// At the top of a form that came back: what to fix, each item a link to its field.
export function ErrorSummary(props: { ui: PageUi; errors: FieldMessage[] }) {
  const { ui, errors } = props;
  if (errors.length === 0) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex={-1} autofocus>
      <h2 id="error-summary-title">{ui.t('form.errorSummary')}</h2>
      <p>{ui.t('form.errorSummaryCount', { count: errors.length })}</p>
      <ul>
        {errors.map((e) => (
          <li>
            <a href={`#${fieldId(e.field)}`}>{e.message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}
