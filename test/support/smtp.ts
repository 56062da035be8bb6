import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll } from 'vitest';

export interface ReceivedMail {
  envelopeTo: string[];
  mail: ParsedMail;
  raw: string;
}

/** What the server answers to the end of DATA: accept, refuse with an SMTP code, or never answer. */
export type SmtpAnswer = { accept: true } | { code: number; message: string } | { hang: true };

// A real SMTP server on loopback: what the service sends is what arrives here, parsed like any
// mail client would. One per test file; `answer` decides each message's fate.
export function useSmtpServer() {
  const state = {
    port: 0,
    received: [] as ReceivedMail[],
    /** Every message the server was handed, accepted or not (a refused one may come again). */
    seen: [] as ReceivedMail[],
    attempts: 0,
    answer: (_attempt: number): SmtpAnswer => ({ accept: true }),
    get url() {
      return `smtp://127.0.0.1:${state.port}`;
    },
    reset() {
      state.received.length = 0;
      state.seen.length = 0;
      state.attempts = 0;
      state.answer = () => ({ accept: true });
    },
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    socketTimeout: 5_000,
    closeTimeout: 100,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        const attempt = ++state.attempts;
        const raw = Buffer.concat(chunks).toString('utf8');
        const got = { envelopeTo: session.envelope.rcptTo.map((r) => r.address), mail: await simpleParser(raw), raw };
        state.seen.push(got);
        const answer = state.answer(attempt);
        if ('hang' in answer) return; // never answers: the client's timeout must fire
        if ('code' in answer) {
          const err = Object.assign(new Error(answer.message), { responseCode: answer.code });
          callback(err);
          return;
        }
        state.received.push(got);
        callback(null, `queued as ${attempt}`);
      });
    },
  });
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    state.port = (server.server.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return state;
}
