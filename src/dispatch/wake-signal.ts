// Intake rings it when urgent work arrives, so the worker claims it at once instead of at its next
// poll. In-process only: a worker in another process (MODE=worker) notices the commit through
// SQLite's data_version instead (see worker.ts).
export interface WakeSignal {
  notify(): void;
  subscribe(listener: () => void): () => void;
}

export function createWakeSignal(): WakeSignal {
  const listeners = new Set<() => void>();
  return {
    notify() {
      for (const l of listeners) l();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
