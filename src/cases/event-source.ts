/**
 * Who wrote an event, without saying which account: the status page tells the service's own
 * automatic steps (a reminder) from a caseworker's, and names no one.
 */
export type EventSource = 'system' | 'platform' | 'caseworker' | 'reporter';

export function eventSource(actor: string): EventSource {
  if (actor === 'system' || actor.startsWith('system:')) return 'system';
  if (actor.startsWith('platform:')) return 'platform';
  if (actor === 'reporter' || actor === 'anonymous') return 'reporter';
  // Accounts (caseworkers, organisations) and the operator's command line.
  return 'caseworker';
}
