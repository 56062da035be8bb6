import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';

// What reaches an operator's log, line by line.
function capture(): { lines: () => Array<Record<string, unknown>>; logger: ReturnType<typeof createLogger> } {
  const written: string[] = [];
  const logger = createLogger({ level: 'info', destination: { write: (line: string) => void written.push(line) } });
  return { lines: () => written.map((l) => JSON.parse(l) as Record<string, unknown>), logger };
}

const reporter = { name: 'Ana Peeters', email: 'ana@example.be', phone: '+32470000000' };

describe('logger', () => {
  it('censors personal data at the top of a line and keeps everything else', () => {
    const { lines, logger } = capture();
    logger.info({ requestId: 'r1', reporter, email: 'ana@example.be', statusToken: 'tok', sends: 2 }, 'request created');
    expect(lines()[0]).toMatchObject({
      msg: 'request created',
      service: 'takedown',
      requestId: 'r1',
      reporter: '[redacted]',
      email: '[redacted]',
      statusToken: '[redacted]',
      sends: 2,
    });
  });

  it('censors it nested five levels deep, in arrays too, and leaves the logged object as it was', () => {
    const { lines, logger } = capture();
    const logged = {
      request: { id: 'r1', reporter, explanation: 'private words', urls: ['https://example.com/a'] },
      deep: { a: { b: { c: { d: { apiKey: 'k-123', kept: true } } } } },
      people: [{ email: 'one@example.be', role: 'witness' }, 'plain'],
      req: { headers: { authorization: 'Bearer abc', cookie: 'session=abc', accept: 'text/html' } },
    };
    const before = structuredClone(logged);
    logger.warn(logged, 'nested');
    const line = JSON.stringify(lines()[0]);
    for (const secret of [
      'Ana Peeters',
      'ana@example.be',
      '+32470000000',
      'private words',
      'k-123',
      'one@example.be',
      'Bearer abc',
      'session=abc',
    ]) {
      expect(line).not.toContain(secret);
    }
    expect(lines()[0]).toMatchObject({
      request: { id: 'r1', reporter: '[redacted]', explanation: '[redacted]', urls: ['https://example.com/a'] },
      deep: { a: { b: { c: { d: { apiKey: '[redacted]', kept: true } } } } },
      people: [{ email: '[redacted]', role: 'witness' }, 'plain'],
      req: { headers: { authorization: '[redacted]', cookie: '[redacted]', accept: 'text/html' } },
    });
    expect(logged).toEqual(before);
  });

  it('writes an error with its message, stack and class, its personal fields and its cause censored', () => {
    const { lines, logger } = capture();
    class SendError extends Error {
      constructor(message: string, options?: ErrorOptions) {
        super(message, options);
        this.name = 'SendError';
      }
    }
    const cause = Object.assign(new Error('inner'), { email: 'ana@example.be' });
    const err = Object.assign(new SendError('the platform refused', { cause }), { reporter, status: 400 });
    logger.error({ err }, 'send failed');
    const line = lines()[0] as { err: Record<string, unknown> };
    expect(line.err).toMatchObject({ type: 'SendError', status: 400, reporter: '[redacted]' });
    expect(line.err.message).toContain('the platform refused');
    expect(JSON.stringify(line.err)).toContain('inner');
    expect(line.err.stack).toContain('the platform refused');
    expect(JSON.stringify(line)).not.toContain('ana@example.be');
    expect(err.reporter).toBe(reporter);
    expect(cause.email).toBe('ana@example.be');
    // A cause with nothing to censor is still written when its error had something censored.
    logger.error({ err: Object.assign(new Error('outer', { cause: new Error('inner and clean') }), { reporter }) }, 'again');
    expect(JSON.stringify(lines()[1])).toContain('inner and clean');
  });

  it('writes an object that refers to itself without hanging', () => {
    const { lines, logger } = capture();
    const loop: Record<string, unknown> = { id: 'x', email: 'ana@example.be' };
    loop.self = loop;
    logger.info({ loop }, 'loop');
    expect(lines()[0]!.loop).toMatchObject({ id: 'x', email: '[redacted]' });
    expect(JSON.stringify(lines()[0])).not.toContain('ana@example.be');
  });

  it('censors bindings of a child logger', () => {
    const { lines, logger } = capture();
    logger.child({ thread: 'worker', token: 'secret-token' }).info('started');
    expect(lines()[0]).toMatchObject({ thread: 'worker', token: '[redacted]', msg: 'started' });
  });
});
