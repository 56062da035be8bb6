// The two hidden fields that open a case on every form of the status pages. The secret travels
// only in POST bodies, never in a URL.
export function CaseFields(props: { reference: string; token: string }) {
  return (
    <>
      <input type="hidden" name="reference" value={props.reference} />
      <input type="hidden" name="token" value={props.token} />
    </>
  );
}
