import type { Child } from 'hono/jsx';
import type { PageUi } from '../page-ui.js';

// Form fields that carry their own label, hint and error, wired together with ids and
// aria-describedby so a screen reader reads them with the field. Choices are a fieldset with a
// legend. The first input of a field has the id `f-<name>`, which the error summary links to.

export const fieldId = (name: string) => `f-${name}`;

function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

/** One message, or several (one per wrong line of the links field). */
export type FieldError = string | string[] | undefined;

const hasError = (error: FieldError) => (Array.isArray(error) ? error.length > 0 : Boolean(error));

export function ErrorMessage(props: { ui: PageUi; id: string; error?: FieldError }) {
  if (!hasError(props.error)) return null;
  const messages = Array.isArray(props.error) ? props.error : [props.error!];
  return (
    <p id={`${props.id}-error`} class="error-message">
      {messages.map((m, i) => (
        <>
          {i > 0 ? <br /> : null}
          <span class="visually-hidden">{props.ui.t('common.errorPrefix')} </span>
          {m}
        </>
      ))}
    </p>
  );
}

function Hint(props: { id: string; hint?: Child }) {
  if (!props.hint) return null;
  return (
    <div id={`${props.id}-hint`} class="hint">
      {props.hint}
    </div>
  );
}

function Label(props: { ui: PageUi; id: string; label: string; optional?: boolean; question?: boolean }) {
  return (
    <label for={props.id} class={props.question ? 'question' : undefined}>
      {props.label}
      {props.optional ? <span class="muted"> {props.ui.t('common.optional')}</span> : null}
    </label>
  );
}

export function TextField(props: {
  ui: PageUi;
  name: string;
  label: string;
  value?: string;
  hint?: Child;
  error?: FieldError;
  type?: 'text' | 'email' | 'tel';
  autocomplete?: string;
  optional?: boolean;
  short?: boolean;
  spellcheck?: boolean;
  autocapitalize?: 'off' | 'characters';
}) {
  const id = fieldId(props.name);
  const classes = [props.short ? 'input--short' : '', hasError(props.error) ? 'input--error' : ''].filter(Boolean).join(' ');
  return (
    <div class={`field${hasError(props.error) ? ' field--error' : ''}`}>
      <Label ui={props.ui} id={id} label={props.label} optional={props.optional} />
      <Hint id={id} hint={props.hint} />
      <ErrorMessage ui={props.ui} id={id} error={props.error} />
      <input
        type={props.type ?? 'text'}
        id={id}
        name={props.name}
        value={props.value ?? ''}
        class={classes || undefined}
        autocomplete={props.autocomplete}
        spellcheck={props.spellcheck === false ? false : undefined}
        autocapitalize={props.autocapitalize}
        aria-describedby={describedBy(id, props.hint, hasError(props.error))}
        aria-invalid={hasError(props.error) ? 'true' : undefined}
      />
    </div>
  );
}

export function TextArea(props: {
  ui: PageUi;
  name: string;
  label: string;
  value?: string;
  hint?: Child;
  error?: FieldError;
  rows?: number;
  optional?: boolean;
  className?: string;
  spellcheck?: boolean;
  /** A question of the form, as prominent as a fieldset's legend (not a sub-field). */
  question?: boolean;
}) {
  const id = fieldId(props.name);
  const classes = [props.className ?? '', hasError(props.error) ? 'input--error' : ''].filter(Boolean).join(' ');
  return (
    <div class={`field${hasError(props.error) ? ' field--error' : ''}`}>
      <Label ui={props.ui} id={id} label={props.label} optional={props.optional} question={props.question} />
      <Hint id={id} hint={props.hint} />
      <ErrorMessage ui={props.ui} id={id} error={props.error} />
      <textarea
        id={id}
        name={props.name}
        rows={props.rows ?? 5}
        class={classes || undefined}
        spellcheck={props.spellcheck === false ? false : undefined}
        autocapitalize={props.spellcheck === false ? 'off' : undefined}
        aria-describedby={describedBy(id, props.hint, hasError(props.error))}
        aria-invalid={hasError(props.error) ? 'true' : undefined}
      >
        {props.value ?? ''}
      </textarea>
    </div>
  );
}

export function Choices(props: {
  ui: PageUi;
  name: string;
  legend: string;
  options: Array<{ value: string; label: string }>;
  value?: string;
  hint?: Child;
  error?: FieldError;
  type?: 'radio' | 'checkbox';
  inline?: boolean;
  legendClass?: string;
}) {
  const id = fieldId(props.name);
  const type = props.type ?? 'radio';
  return (
    <div class={`field${hasError(props.error) ? ' field--error' : ''}`}>
      <fieldset aria-describedby={describedBy(id, props.hint, hasError(props.error))}>
        <legend class={props.legendClass}>{props.legend}</legend>
        <Hint id={id} hint={props.hint} />
        <ErrorMessage ui={props.ui} id={id} error={props.error} />
        <div class={`choices${props.inline ? ' choices--inline' : ''}`}>
          {props.options.map((o, i) => {
            const optionId = i === 0 ? id : `${id}-${o.value}`;
            return (
              <div class="choice">
                <input type={type} id={optionId} name={props.name} value={o.value} checked={props.value === o.value} />
                <label for={optionId}>{o.label}</label>
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}
