// Rung when work is due now rather than at the next poll: urgent work was filed (its notices and
// the on-call alert), or a caseworker sent a notice again (it, or its reminder). In-process only:
// a worker in another process (MODE=worker) notices the commit through SQLite's data_version
// instead (see worker.ts), and its jobs run at their interval.
export type WakeReason = 'urgent' | 'requeued';

export interface WakeSignal {
  notify(reason: WakeReason): void;
  subscribe(listener: (reason: WakeReason) => void): () => void;
}

export function createWakeSignal(): WakeSignal {
  const listeners = new Set<(reason: WakeReason) => void>();
  return {
    notify(reason) {
      for (const l of listeners) l(reason);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
