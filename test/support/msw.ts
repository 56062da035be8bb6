import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';

// One msw server per test file; unhandled requests fail the test, so nothing leaves the machine.
export function useMsw() {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
  return server;
}

export interface Recorded {
  headers: Record<string, string>;
  body: any;
}

export async function record(request: Request): Promise<Recorded> {
  return {
    headers: Object.fromEntries(request.headers.entries()),
    body: await request
      .clone()
      .json()
      .catch(() => null),
  };
}
