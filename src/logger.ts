import { pino, type Logger } from 'pino';

export type { Logger };

// Personal data never reaches the logs: these paths are censored wherever they appear, and code
// logs ids and references, not contents.
export const redactPaths = [
  'reporter',
  '*.reporter',
  'email',
  '*.email',
  'phone',
  '*.phone',
  'name',
  '*.name',
  'explanation',
  '*.explanation',
  'statusToken',
  '*.statusToken',
  'token',
  '*.token',
  'apiKey',
  '*.apiKey',
  'authorization',
  '*.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
];

export function createLogger(options: { level: string; destination?: pino.DestinationStream }): Logger {
  return pino(
    {
      level: options.level,
      base: { service: 'takedown' },
      redact: { paths: redactPaths, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination,
  );
}
