// Why a send ended without an answer, where the worker treats it apart: a send that took the
// whole timeout is not quick-retried, and one cut by a shutdown goes back to the queue untouched.
export type SendErrorReason = 'timeout' | 'shutdown';

// The one error an adapter throws: it says whether trying again later can help, and when.
export class SendError extends Error {
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly status: number | undefined;
  readonly reason: SendErrorReason | undefined;

  constructor(
    message: string,
    options: { retryable: boolean; retryAfterMs?: number; status?: number; reason?: SendErrorReason; cause?: unknown },
  ) {
    super(message, { cause: options.cause });
    this.name = 'SendError';
    this.retryable = options.retryable;
    this.retryAfterMs = options.retryAfterMs;
    this.status = options.status;
    this.reason = options.reason;
  }
}

// Retry-After is either delay-seconds or an HTTP-date (RFC 9110 §10.2.3).
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

// Network failures and aborts from a timeout are worth another try (undici says "fetch failed",
// the WHATWG wording that msw and browsers use is "Failed to fetch"); a bug in our own code is not,
// but it must not kill the worker either, so it is reported as a permanent failure of this send.
export function classifyThrown(err: unknown): SendError {
  if (err instanceof SendError) return err;
  const e = err as { name?: string; message?: string; code?: string; cause?: { code?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') {
    return new SendError('the platform did not answer in time', { retryable: true, reason: 'timeout', cause: err });
  }
  if (e?.name === 'TypeError' && /fetch failed|failed to fetch|network|terminated|socket/i.test(e.message ?? '')) {
    const code = e.cause?.code ? ` (${e.cause.code})` : '';
    return new SendError(`network error${code}`, { retryable: true, cause: err });
  }
  if (typeof e?.code === 'string' && /^(E[A-Z]+|UND_ERR_[A-Z_]+)$/.test(e.code)) {
    return new SendError(`network error (${e.code})`, { retryable: true, cause: err });
  }
  return new SendError(`unexpected error: ${e?.message ?? String(err)}`, { retryable: false, cause: err });
}
