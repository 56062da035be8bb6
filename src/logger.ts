import { pino, type Logger } from 'pino';

export type { Logger };

// Personal data never reaches the logs: a value under one of these keys is censored wherever it
// appears in what is logged, eight levels deep, and code logs ids and references, not contents.
export const sensitiveKeys: ReadonlySet<string> = new Set([
  'reporter',
  'email',
  'phone',
  'name',
  'explanation',
  'statusToken',
  'token',
  'apiKey',
  'authorization',
  'cookie',
]);

const CENSOR = '[redacted]';
// Deep enough for anything this code logs; also what ends the walk of an object that refers to itself.
const MAX_DEPTH = 8;

// Why not pino's `redact`: paths that start with a wildcard (`*.email`), which nested data needs,
// make pino run its redactor over every value of every line, strings and numbers included, and
// that redactor parses each path again on each call: about 5 µs and 13 KB of garbage per line,
// and a line is written per notice sent and per request filed. This walk looks only into objects,
// and copies only what it censors.
/** A copy of `value` with what sits under a sensitive key censored; `value` itself if nothing does. */
export function censorPersonalData<T>(value: T): T {
  return censored(value, 0) as T;
}

function censored(value: unknown, depth: number): unknown {
  if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const c = censored(item, depth + 1);
      if (c !== item) (copy ??= [...value])[i] = c;
    }
    return copy ?? value;
  }
  const isError = value instanceof Error;
  const proto: unknown = Object.getPrototypeOf(value);
  // Dates, buffers, URLs and other instances are logged as they are: none of ours holds personal data.
  if (!isError && proto !== Object.prototype && proto !== null) return value;
  const source = value as Record<string, unknown>;
  // No closures or key lists: this runs for every line, and most lines have nothing to censor.
  let copy: Record<string, unknown> | undefined;
  for (const key in source) {
    if (!Object.hasOwn(source, key)) continue;
    const v = source[key];
    // An error's own `name` is its class (`this.name = 'SendError'`), not a person's.
    if (sensitiveKeys.has(key) && !(isError && key === 'name')) {
      if (v !== undefined) (copy ??= copyOf(source, isError))[key] = CENSOR;
      continue;
    }
    const c = censored(v, depth + 1);
    if (c !== v) (copy ??= copyOf(source, isError))[key] = c;
  }
  // An error's cause is not enumerable, but pino writes it out.
  if (isError && (value as Error).cause !== undefined) {
    const cause = (value as Error).cause;
    const c = censored(cause, depth + 1);
    if (c !== cause) (copy ??= copyOf(source, isError)).cause = c;
  }
  return copy ?? value;
}

// An error's copy keeps its prototype, message, stack and cause, which pino's error serializer reads.
function copyOf(source: Record<string, unknown>, isError: boolean): Record<string, unknown> {
  if (!isError) return { ...source };
  const error = source as unknown as Error;
  const copy = Object.assign(Object.create(Object.getPrototypeOf(error) as object) as Record<string, unknown>, source, {
    message: error.message,
    stack: error.stack,
  });
  if (error.cause !== undefined) Object.defineProperty(copy, 'cause', { value: error.cause, writable: true, configurable: true });
  return copy;
}

export function createLogger(options: { level: string; destination?: pino.DestinationStream }): Logger {
  return pino(
    {
      level: options.level,
      base: { service: 'takedown' },
      // The keys at the top of a line, a child logger's bindings included, through pino's own
      // redaction, which costs nothing for paths without a wildcard; the rest through the walk.
      redact: { paths: [...sensitiveKeys], censor: CENSOR },
      formatters: { log: censorPersonalData },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination,
  );
}
