import fc from 'fast-check';

// Generated inputs per fuzzed target; FUZZ_RUNS=200 for a quick local pass.
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);

// A request header of one of `names` with any printable-or-not ASCII value a client could send
// (CR, LF and NUL cannot go on the wire at all, so they are left out).
export function headerOf(names: readonly [string, ...string[]]): fc.Arbitrary<[string, string]> {
  return fc.tuple(
    fc.constantFrom(...names),
    fc.string({ unit: 'binary-ascii', maxLength: 80 }).map((v) => v.replace(/[\r\n\0]/g, '')),
  );
}
