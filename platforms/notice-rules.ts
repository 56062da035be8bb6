import type { Category, Reporter } from './types.js';

// DSA art. 16(2)(c): a notice names its sender, except for child sexual abuse material, where the
// reporter's identity must not reach the platform. An anonymous report has none to forward.
// A phone number is never forwarded: no platform needs it to act on a notice.
export function forwardableReporter(category: Category, reporter: Reporter | null | undefined): Reporter | null {
  if (!reporter || category === 'child_sexual_abuse') return null;
  const out: Reporter = { role: reporter.role };
  if (reporter.name) out.name = reporter.name;
  if (reporter.email) out.email = reporter.email;
  return out;
}
