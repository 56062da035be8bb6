import nodemailer from 'nodemailer';
import { SendError } from '../../platforms/send-error.js';
import type { Mailer } from '../../platforms/types.js';

// SMTP through nodemailer. Answers are classified the way SMTP means them: 4xx is "try again
// later", 5xx is a refusal, a connection that fails is worth another try.
export function createSmtpMailer(options: { url: string; from: string; timeoutMs?: number }): Mailer & { close(): void } {
  const timeout = options.timeoutMs ?? 15_000;
  // The timeouts belong in the transport options (the second argument would be message defaults).
  const transport = nodemailer.createTransport({
    url: options.url,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  } as Parameters<typeof nodemailer.createTransport>[0]);
  return {
    from: options.from,
    async send(message, { signal }) {
      if (signal.aborted) throw new SendError('interrupted before sending', { retryable: true });
      try {
        const sending = transport.sendMail({
          from: options.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          html: message.html,
          messageId: message.messageId,
          headers: message.headers,
        });
        // A server that accepts the connection and then goes silent must not hold the send for
        // longer than the caller's time limit; the same message goes out again later.
        const info = await abortable(sending, signal);
        if (info.rejected.length > 0 && info.accepted.length === 0) {
          throw new SendError(`every recipient was refused: ${info.response}`, { retryable: false });
        }
        return { response: info.response };
      } catch (err) {
        if (err instanceof SendError) throw err;
        const e = err as { responseCode?: number; code?: string; message?: string; response?: string };
        if (typeof e.responseCode === 'number') {
          const reason = `SMTP ${e.responseCode}: ${(e.response ?? e.message ?? '').slice(0, 300)}`;
          throw new SendError(reason, { retryable: e.responseCode < 500, status: e.responseCode });
        }
        throw new SendError(`SMTP connection failed (${e.code ?? e.message})`, { retryable: true, cause: err });
      }
    },
    close: () => transport.close(),
  };
}

// Gives up when the signal aborts; the listener is detached once the send settled, so finished
// sends leave nothing behind on the signal.
function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  let detach = () => {};
  const aborted = new Promise<never>((_, reject) => {
    const fail = () => reject(new SendError('the mail server did not answer in time', { retryable: true, reason: 'timeout' }));
    if (signal.aborted) return fail();
    signal.addEventListener('abort', fail, { once: true });
    detach = () => signal.removeEventListener('abort', fail);
  });
  // A send that fails after we gave up must not surface as an unhandled rejection.
  work.catch(() => {});
  return Promise.race([work, aborted]).finally(detach);
}

// Without SMTP_URL nothing can go out by e-mail; such notices wait in the queue (retryable) and
// say why, instead of being lost or marked as sent.
export function createUnconfiguredMailer(from: string): Mailer {
  return {
    from,
    async send() {
      throw new SendError('no SMTP server is configured (SMTP_URL)', { retryable: true });
    },
  };
}
