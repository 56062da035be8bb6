import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';

// RFC 9457 problem details: the one error shape of the API. Everything that goes wrong becomes a
// ProblemError and is turned into a response in one place (app.onError).

export interface FieldError {
  path: string;
  message: string;
}

export class ProblemError extends Error {
  readonly status: ContentfulStatusCode;
  readonly slug: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly errors: FieldError[] | undefined;
  readonly headers: Record<string, string>;

  constructor(options: {
    status: ContentfulStatusCode;
    slug: string;
    title: string;
    detail?: string;
    errors?: FieldError[];
    headers?: Record<string, string>;
  }) {
    super(options.detail ?? options.title);
    this.status = options.status;
    this.slug = options.slug;
    this.title = options.title;
    this.detail = options.detail;
    this.errors = options.errors;
    this.headers = options.headers ?? {};
  }
}

export const problems = {
  validation: (errors: FieldError[], detail = 'The request has invalid fields; see errors.') =>
    new ProblemError({ status: 400, slug: 'validation', title: 'Invalid request', detail, errors }),
  malformedJson: () =>
    new ProblemError({ status: 400, slug: 'malformed-json', title: 'Malformed JSON', detail: 'The body is not valid JSON.' }),
  unsupportedMediaType: () =>
    new ProblemError({
      status: 415,
      slug: 'unsupported-media-type',
      title: 'Unsupported media type',
      detail: 'Send the body as application/json.',
    }),
  tooLarge: (limit: number) =>
    new ProblemError({
      status: 413,
      slug: 'payload-too-large',
      title: 'Payload too large',
      detail: `The body must be at most ${limit} bytes.`,
    }),
  notFound: (detail = 'Nothing here, or not for you.') => new ProblemError({ status: 404, slug: 'not-found', title: 'Not found', detail }),
  unauthorized: (detail = 'A valid API key is required.') =>
    new ProblemError({ status: 401, slug: 'unauthorized', title: 'Unauthorized', detail, headers: { 'www-authenticate': 'Bearer' } }),
  forbidden: (detail: string) => new ProblemError({ status: 403, slug: 'forbidden', title: 'Forbidden', detail }),
  conflict: (detail: string) => new ProblemError({ status: 409, slug: 'conflict', title: 'Conflict', detail }),
  idempotencyConflict: () =>
    new ProblemError({
      status: 422,
      slug: 'idempotency-key-reused',
      title: 'Idempotency-Key reused',
      detail: 'This Idempotency-Key was already used with a different body.',
    }),
  rateLimited: (retryAfterSeconds: number, detail = `Too many requests from this address; try again in ${retryAfterSeconds} s.`) =>
    new ProblemError({
      status: 429,
      slug: 'rate-limited',
      title: 'Too many requests',
      detail,
      headers: { 'retry-after': String(retryAfterSeconds) },
    }),
  internal: () =>
    new ProblemError({
      status: 500,
      slug: 'internal',
      title: 'Internal error',
      detail: 'Something went wrong on our side; nothing was changed.',
    }),
  unavailable: (detail: string, retryAfterSeconds = 5) =>
    new ProblemError({
      status: 503,
      slug: 'unavailable',
      title: 'Service unavailable',
      detail,
      headers: { 'retry-after': String(retryAfterSeconds) },
    }),
};

// zod paths become JSON Pointers (RFC 6901): `/urls/3`, `/reporter/email`.
export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((i) => ({
    path: i.path.length === 0 ? '' : '/' + i.path.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/'),
    message: i.message,
  }));
}

export function problemResponse(c: Context, problem: ProblemError): Response {
  const body = {
    type: `/problems/${problem.slug}`,
    title: problem.title,
    status: problem.status,
    detail: problem.detail,
    ...(problem.errors ? { errors: problem.errors } : {}),
  };
  return c.body(JSON.stringify(body), problem.status, { 'content-type': 'application/problem+json', ...problem.headers });
}

export function toProblem(err: unknown): ProblemError | null {
  if (err instanceof ProblemError) return err;
  if (err instanceof HTTPException) {
    return new ProblemError({ status: err.status as ContentfulStatusCode, slug: 'http-error', title: err.message || 'Request error' });
  }
  return null;
}
