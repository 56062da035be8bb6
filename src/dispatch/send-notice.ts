import pRetry from 'p-retry';
import { classifyThrown, SendError } from '../../platforms/send-error.js';
import type { FetchLike, PlatformAdapter, SubmitOutcome } from '../../platforms/types.js';

export interface SendResult {
  /** How many times the notice went out (1 + quick retries; 0 when nothing could go out). */
  sends: number;
  /** The failures before the final result, for the timeline. */
  failures: SendError[];
  outcome: SubmitOutcome | { kind: 'error'; error: SendError };
}

/** A send that failed before anything went out (counted as one attempt, as the claim counted it). */
export function failedBeforeSending(message: string, options: { retryable: boolean }): SendResult {
  return { sends: 1, failures: [], outcome: { kind: 'error', error: new SendError(message, options) } };
}

// Quick retries are for blips that clear within seconds (a reset connection, a 502 from a load
// balancer). Anything that asks us to wait (429, any Retry-After) or took the whole timeout goes
// back to the durable queue instead of holding a worker slot. A Retry-After is a floor
// (backoff.ts), which quick retries on p-retry's schedule (250 ms, then doubling) would not keep:
// the durable retry, on the injected clock, does.
function worthQuickRetry(error: SendError): boolean {
  if (!error.retryable || error.status === 429 || error.retryAfterMs !== undefined) return false;
  return error.reason !== 'timeout';
}

export async function sendNotice(options: {
  adapter: PlatformAdapter;
  notice: unknown;
  noticeId: string;
  fetch: FetchLike;
  timeoutMs: number;
  quickRetries: number;
  quickRetryDelayMs: number;
  /** Aborted when the worker shuts down. */
  signal: AbortSignal;
  /** Asked before each quick retry: false when the notice should not go out again (withdrawn). */
  stillWanted?: () => boolean;
}): Promise<SendResult> {
  const failures: SendError[] = [];
  let sends = 0;
  const sendOnce = async (): Promise<SubmitOutcome> => {
    sends++;
    const send = abortableSend(options.signal, options.timeoutMs);
    try {
      return await options.adapter.submit(options.notice, {
        idempotencyKey: options.noticeId,
        fetch: options.fetch,
        signal: send.signal,
      });
    } catch (err) {
      if (options.signal.aborted) throw new SendError('interrupted by shutdown', { retryable: true, reason: 'shutdown', cause: err });
      throw classifyThrown(err);
    } finally {
      send.done();
    }
  };
  // Almost every notice is answered at its first send, which goes out directly: p-retry's set-up
  // cost about 5 µs a call, a measurable share of dispatch. A failure hands p-retry the rest,
  // given to it as its own first attempt, so the quick retries keep p-retry's schedule (the first
  // `quickRetryDelayMs` after the failure, then doubling) and its rules below.
  let firstFailure: unknown;
  try {
    const outcome = await sendOnce();
    return { sends, failures, outcome };
  } catch (err) {
    firstFailure = err;
  }
  try {
    const outcome = await pRetry(
      (attemptNumber) => {
        if (attemptNumber === 1) throw firstFailure;
        return sendOnce();
      },
      {
        retries: options.quickRetries,
        minTimeout: options.quickRetryDelayMs,
        factor: 2,
        randomize: options.quickRetryDelayMs > 0,
        shouldRetry: ({ error }) =>
          !options.signal.aborted && error instanceof SendError && worthQuickRetry(error) && (options.stillWanted?.() ?? true),
        onFailedAttempt: ({ error }) => {
          failures.push(error instanceof SendError ? error : classifyThrown(error));
        },
      },
    );
    return { sends, failures, outcome };
  } catch (err) {
    const error = err instanceof SendError ? err : classifyThrown(err);
    // The last failure is the outcome, not one of the failures before it.
    if (failures.at(-1) === error) failures.pop();
    return { sends, failures, outcome: { kind: 'error', error } };
  }
}

// One send's signal: aborted by its timeout or by the worker's shutdown. A plain controller and a
// timer, cleared when the send ends: AbortSignal.any and AbortSignal.timeout keep weak references
// and timers alive until the garbage collector finds them, which at thousands of sends a second
// was a measurable share of dispatch. The shutdown has one listener, which aborts the sends in
// flight it keeps in a set: a listener added and removed per send cost more than the set.
function abortableSend(shutdown: AbortSignal, timeoutMs: number): { signal: AbortSignal; done(): void } {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException('the platform did not answer in time', 'TimeoutError')), timeoutMs);
  const inFlight = sendsInFlight(shutdown);
  inFlight.add(controller);
  return {
    signal: controller.signal,
    done() {
      clearTimeout(timer);
      inFlight.delete(controller);
    },
  };
}

const inFlightByShutdown = new WeakMap<AbortSignal, Set<AbortController>>();

function sendsInFlight(shutdown: AbortSignal): Set<AbortController> {
  let inFlight = inFlightByShutdown.get(shutdown);
  if (!inFlight) {
    const sends = new Set<AbortController>();
    shutdown.addEventListener('abort', () => {
      for (const send of sends) send.abort(shutdown.reason);
    });
    inFlightByShutdown.set(shutdown, sends);
    inFlight = sends;
  }
  return inFlight;
}
