// Small statistics for noisy, shared machines: every figure is the median of repeated runs, and
// the spread (min–max) is printed beside it so a reader can tell a result from noise.

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * s.length) - 1;
  return s[Math.min(s.length - 1, Math.max(0, rank))]!;
}

export function spread(values: readonly number[], digits = 1): string {
  if (values.length === 0) return '–';
  const s = [...values].sort((a, b) => a - b);
  return `${fmt(s[0]!, digits)}–${fmt(s.at(-1)!, digits)}`;
}

export function fmt(n: number, digits = 1): string {
  if (!Number.isFinite(n)) return String(n);
  return n.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

/** A figure over its repeats: the median, and the range as a measure of noise. */
export function summary(values: readonly number[], digits = 1): string {
  return values.length > 1
    ? `${fmt(median(values), digits)} (${spread(values, digits)}, n=${values.length})`
    : fmt(values[0] ?? NaN, digits);
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
