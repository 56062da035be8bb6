import type { PageUi } from '../page-ui.js';

// A read-only field whose text is easy to select by hand, with a copy button the script shows
// (it stays hidden without JavaScript, so there is never a button that does nothing).

export function CopyButton(props: { ui: PageUi; target: string; label: string }) {
  return (
    <>
      <button type="button" class="button button--secondary" data-copy={props.target} data-copied={props.ui.t('common.copied')} hidden>
        {props.label}
      </button>
      <span id={`${props.target}-copied`} class="copy-status" role="status"></span>
    </>
  );
}

export function CopyField(props: { ui: PageUi; id: string; label: string; value: string; copyLabel: string }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <input type="text" id={props.id} class="secret" value={props.value} readonly spellcheck={false} autocomplete="off" />
      <div class="copy-row">
        <CopyButton ui={props.ui} target={props.id} label={props.copyLabel} />
      </div>
    </div>
  );
}
