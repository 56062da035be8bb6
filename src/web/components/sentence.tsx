import type { Child } from 'hono/jsx';

const MARKER = '\u0001';

// A translated sentence with one value set apart (bold, never broken across lines), wherever the
// language puts it in the sentence.
export function Sentence(props: { text: (marker: string) => string; children?: Child }) {
  const [before, after = ''] = props.text(MARKER).split(MARKER);
  return (
    <>
      {before}
      {props.children}
      {after}
    </>
  );
}
