// Intake rings it when urgent work arrives, so the worker claims it at once instead of at its next
// poll. In-process only: a worker in another process (MODE=worker) still finds it on its poll.
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
