import { Agent, fetch as undiciFetch } from 'undici';
import type { FetchLike } from '../../platforms/types.js';

export interface OutboundHttp {
  fetch: FetchLike;
  close(): Promise<void>;
}

// Production's client for talking to platforms: undici's own fetch with its own Agent, so
// timeouts and pooling are ours to set (Node's global fetch would use a bundled, different undici).
// Tests hand adapters globalThis.fetch instead, which msw intercepts.
export function createOutboundHttp(
  options: { connectTimeoutMs?: number; headersTimeoutMs?: number; bodyTimeoutMs?: number } = {},
): OutboundHttp {
  const agent = new Agent({
    connectTimeout: options.connectTimeoutMs ?? 10_000,
    headersTimeout: options.headersTimeoutMs ?? 15_000,
    bodyTimeout: options.bodyTimeoutMs ?? 15_000,
    keepAliveTimeout: 10_000,
    keepAliveMaxTimeout: 60_000,
    connections: 16,
  });
  const fetch = ((input: Parameters<FetchLike>[0], init?: RequestInit) =>
    undiciFetch(input as Parameters<typeof undiciFetch>[0], {
      ...(init as Parameters<typeof undiciFetch>[1]),
      dispatcher: agent,
    })) as unknown as FetchLike;
  return { fetch, close: () => agent.close() };
}
